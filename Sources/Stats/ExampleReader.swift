import Foundation
import JSONText
import Shards

/// Reads the text of example documents back from their shards with `ShardLineReader`: each shard is read
/// forward (decompressing as it goes) to the wanted offsets in order, and only the wanted lines are parsed,
/// each checked to be the annotated document. Memory is the decompressor's window plus one line, at most `maxLineBytes`.
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
            throw StatsError.shardsNotFound(
                root: shardRoot.path,
                lookedFor: shardRoot.appendingPathComponent(first).path
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
        // Candidates from annotations with other field names need a reader of their own.
        let byFields = Dictionary(grouping: candidates) { [$0.idField, $0.textField] }
        return byFields.keys.sorted { $0.lexicographicallyPrecedes($1) }.flatMap { fields in
            readShard(url, byFields[fields]!, idField: fields[0], textField: fields[1])
        }
    }

    /// Candidates sorted by offset that share their id and text fields.
    private func readShard(
        _ url: URL,
        _ candidates: [ExampleCandidate],
        idField: String,
        textField: String
    ) -> [(ExampleCandidate, (String?, String?))] {
        guard let textPath = FieldPath(textField) else {
            return candidates.map { ($0, (nil, "no text field '\(textField)'")) }
        }
        let reader: ShardLineReader
        do {
            reader = try ShardLineReader(url: url, idField: idField, textField: textField, fields: [textPath])
        } catch {
            return candidates.map { ($0, (nil, "cannot read \(url.path): \(error)")) }
        }
        return candidates.map { candidate -> (ExampleCandidate, (String?, String?)) in
            guard candidate.length >= 0, Int(candidate.length) <= maxLineBytes else {
                return (candidate, (nil, "line \(candidate.line + 1) is \(candidate.length) bytes, longer than shown"))
            }
            let line: ShardLine
            do {
                line = try reader.document(
                    at: candidate.offset,
                    length: Int(candidate.length),
                    docID: candidate.docID
                )
            } catch {
                return (candidate, (nil, "line \(candidate.line + 1): \(error)"))
            }
            guard let text = line.values[0].string else {
                let place = "\(url.path), line \(candidate.line + 1) (byte \(candidate.offset))"
                return (candidate, (nil, "\(place) has no text field '\(textField)'"))
            }
            return (candidate, (clipped(text), nil))
        }
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
}
