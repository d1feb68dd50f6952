import Codecs
import Foundation

/// Reads the text of example documents back from their shards: each shard is opened once, read
/// forward (decompressing as it goes) to the wanted offsets in order, and only the wanted
/// lines are parsed. Memory is the decompressor's window plus one line, at most `maxLineBytes`.
public struct ExampleReader: Sendable {
    /// The folder given to `dataman annotate`; shards are found at `shardRoot/<dataman.input.path>`.
    public let shardRoot: URL
    public var maxExcerptLines = 6
    public var maxExcerptCharacters = 600
    public var maxLineBytes = 16 << 20

    public init(shardRoot: URL) {
        self.shardRoot = shardRoot
    }

    private struct Place: Hashable {
        var inputPath: String
        var line: Int64
    }

    public func read(_ picks: ExamplePicks) throws -> ExampleTexts {
        var results: [Place: (excerpt: String?, problem: String?)] = [:]
        var unique: [Place: ExampleCandidate] = [:]
        for candidate in picks.all { unique[Place(inputPath: candidate.inputPath, line: candidate.line)] = candidate }
        let byShard = Dictionary(grouping: unique.values, by: \.inputPath)
        var found = 0
        for (inputPath, candidates) in byShard.sorted(by: { $0.key < $1.key }) {
            let url = shardRoot.appendingPathComponent(inputPath)
            guard FileManager.default.fileExists(atPath: url.path) else {
                for candidate in candidates {
                    results[Place(inputPath: inputPath, line: candidate.line)] = (nil, "shard not found at \(url.path)")
                }
                continue
            }
            found += 1
            for (candidate, result) in readShard(url, candidates.sorted { $0.offset < $1.offset }) {
                results[Place(inputPath: inputPath, line: candidate.line)] = result
            }
        }
        if found == 0, let first = byShard.keys.sorted().first {
            throw StatsError(
                "--shards \(shardRoot.path): none of the annotated shards is there "
                    + "(looked for \(shardRoot.appendingPathComponent(first).path)); give the folder that was passed to `dataman annotate`"
            )
        }
        func texts(_ lists: [[ExampleCandidate]]) -> [[ExampleText]] {
            lists.map { list in
                list.map { candidate in
                    let result = results[Place(inputPath: candidate.inputPath, line: candidate.line)]
                    return ExampleText(candidate: candidate, excerpt: result?.excerpt, problem: result?.problem)
                }
            }
        }
        return ExampleTexts(highest: texts(picks.highest), lowest: texts(picks.lowest))
    }

    /// Each candidate's excerpt or the reason there is none; a failing shard fails only its own examples.
    private func readShard(_ url: URL, _ candidates: [ExampleCandidate]) -> [(ExampleCandidate, (String?, String?))] {
        var out: [(ExampleCandidate, (String?, String?))] = []
        do {
            var stream = try ForwardReader(url: url)
            for candidate in candidates {
                guard candidate.length >= 0, Int(candidate.length) <= maxLineBytes else {
                    out.append(
                        (candidate, (nil, "line \(candidate.line + 1) is \(candidate.length) bytes, longer than shown"))
                    )
                    continue
                }
                guard let bytes = try stream.bytes(at: candidate.offset, count: Int(candidate.length)) else {
                    out.append(
                        (
                            candidate,
                            (
                                nil,
                                "\(url.path) ends before byte \(candidate.offset): the shard changed since it was annotated"
                            )
                        )
                    )
                    continue
                }
                out.append((candidate, excerpt(bytes, candidate, url)))
            }
        } catch {
            let problem = "cannot read \(url.path): \(error)"
            out += candidates.filter { candidate in !out.contains { $0.0.line == candidate.line } }.map {
                ($0, (nil, problem))
            }
        }
        return out
    }

    private func excerpt(_ bytes: [UInt8], _ candidate: ExampleCandidate, _ url: URL) -> (String?, String?) {
        let place = "\(url.path), line \(candidate.line + 1) (byte \(candidate.offset))"
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            return (nil, "\(place) is not a JSON object: the shard changed since it was annotated")
        }
        if let id = Self.value(object, path: candidate.idField) as? String, id != candidate.docID {
            return (
                nil,
                "\(place) holds id '\(id)', the annotation says '\(candidate.docID)': the shard changed since it was annotated"
            )
        }
        guard let text = Self.value(object, path: candidate.textField) as? String else {
            return (nil, "\(place) has no text field '\(candidate.textField)'")
        }
        return (clipped(text), nil)
    }

    /// The first lines, blank lines dropped, within the character budget.
    func clipped(_ text: String) -> String {
        var lines: [Substring] = []
        var characters = 0
        for line in text.split(whereSeparator: \.isNewline) where !line.allSatisfy(\.isWhitespace) {
            guard lines.count < maxExcerptLines, characters < maxExcerptCharacters else { break }
            let room = maxExcerptCharacters - characters
            lines.append(line.count > room ? line.prefix(room) + "…" : line)
            characters += line.count
        }
        return lines.joined(separator: "\n")
    }

    private static func value(_ object: [String: Any], path: String) -> Any? {
        var current: Any? = object
        for key in path.split(separator: ".") {
            current = (current as? [String: Any])?[String(key)]
        }
        return current
    }
}

/// Reads a shard's decompressed bytes forward, skipping to increasing offsets.
private struct ForwardReader {
    private let source: DecompressingSource
    private var position: Int64 = 0
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)

    init(url: URL) throws {
        source = try DecompressingSource(url: url)
    }

    /// The `count` bytes at `offset` (not before the previous read's end), or nil when the stream ends first.
    mutating func bytes(at offset: Int64, count: Int) throws -> [UInt8]? {
        guard offset >= position else { return nil }
        while position < offset {
            let want = Int(min(Int64(buffer.count), offset - position))
            let got = try buffer.withUnsafeMutableBytes {
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<want]))
            }
            guard got > 0 else { return nil }
            position += Int64(got)
        }
        var out = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = try out.withUnsafeMutableBytes {
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...]))
            }
            guard got > 0 else { return nil }
            filled += got
        }
        position += Int64(count)
        return out
    }
}
