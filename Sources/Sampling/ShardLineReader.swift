import Codecs
import Foundation

/// Reads chosen lines of a shard by their byte offsets in the decompressed stream, in one
/// forward pass: the shard is decompressed once and only the wanted lines are kept.
final class ShardLineReader {
    let url: URL
    private let source: DecompressingSource
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    /// Offset in the decompressed stream of `buffer[start]`.
    private var position: Int64 = 0
    /// The byte just before `buffer[start]`, to check that a line starts after a line break.
    private var previous: UInt8?

    init(url: URL) throws {
        self.url = url
        source = try DecompressingSource(url: url)
        buffer = [UInt8](repeating: 0, count: 1 << 20)
    }

    /// The `length` bytes at `offset`, which must not lie before the previous line read. Checks
    /// that they form one whole line of the shard.
    func line(at offset: Int64, length: Int) throws -> [UInt8] {
        guard offset >= position else {
            throw SamplingError(
                "\(url.path): lines must be read in offset order (asked for byte \(offset) after \(position))"
            )
        }
        try skip(offset - position)
        guard offset == 0 || previous == 0x0A else {
            throw SamplingError(
                "\(url.path): byte \(offset) does not start a line; the shard changed since it was annotated"
            )
        }
        var line: [UInt8] = []
        line.reserveCapacity(length)
        while line.count < length {
            guard try fill() else {
                throw SamplingError(
                    "\(url.path): the shard ends inside the line at byte \(offset) (\(length) bytes expected); it changed since it was annotated"
                )
            }
            let take = min(length - line.count, end - start)
            line += buffer[start..<(start + take)]
            advance(take)
        }
        // The line must end here: at a line break (\n or \r\n) or at the end of the shard.
        if try fill(), buffer[start] != 0x0A, buffer[start] != 0x0D {
            throw SamplingError(
                "\(url.path): the line at byte \(offset) is longer than the \(length) bytes annotated; the shard changed since it was annotated"
            )
        }
        return line
    }

    private func skip(_ count: Int64) throws {
        var remaining = count
        while remaining > 0 {
            guard try fill() else {
                throw SamplingError(
                    "\(url.path): the shard ends before byte \(position + remaining); it changed since it was annotated"
                )
            }
            let take = Int(min(remaining, Int64(end - start)))
            advance(take)
            remaining -= Int64(take)
        }
    }

    private func advance(_ count: Int) {
        if count > 0 { previous = buffer[start + count - 1] }
        start += count
        position += Int64(count)
    }

    /// Makes at least one byte available; false at the end of the stream.
    private func fill() throws -> Bool {
        if start < end { return true }
        let read = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
        start = 0
        end = read
        return read > 0
    }
}

/// Checks that a line read back is the annotated document: its id field (a top-level key,
/// found by its `"key":` pattern, which in valid JSON only a key can match) holds `docID`.
struct DocumentIdentity {
    let pattern: [UInt8]

    /// Nil when the annotations used a nested id field or ids made up from the line (`<shard>:<line>`),
    /// which a line cannot be checked against this way.
    init?(idField: String) {
        guard !idField.isEmpty, !idField.contains("."), !idField.contains("\""), !idField.contains("\\") else {
            return nil
        }
        pattern = Array("\"\(idField)\"".utf8)
    }

    /// The id values of the line (strings without escapes, or numbers as written).
    func ids(in line: [UInt8]) -> [String] {
        var found: [String] = []
        var i = 0
        while let match = Self.find(pattern, in: line, from: i) {
            var j = match + pattern.count
            while j < line.count, line[j] == 0x20 || line[j] == 0x09 { j += 1 }
            i = match + 1
            guard j < line.count, line[j] == UInt8(ascii: ":") else { continue }
            j += 1
            while j < line.count, line[j] == 0x20 || line[j] == 0x09 { j += 1 }
            guard j < line.count else { break }
            if line[j] == UInt8(ascii: "\"") {
                var k = j + 1
                while k < line.count, line[k] != UInt8(ascii: "\""), line[k] != UInt8(ascii: "\\") { k += 1 }
                if k < line.count, line[k] == UInt8(ascii: "\"") {
                    found.append(String(decoding: line[(j + 1)..<k], as: UTF8.self))
                }
            } else {
                var k = j
                while k < line.count, line[k] != UInt8(ascii: ","), line[k] != UInt8(ascii: "}"), line[k] != 0x20 {
                    k += 1
                }
                found.append(String(decoding: line[j..<k], as: UTF8.self))
            }
        }
        return found
    }

    /// Whether the line holds `docID`; lines whose id needs unescaping are not held against it.
    func matches(_ line: [UInt8], docID: String) -> Bool {
        let ids = ids(in: line)
        return ids.isEmpty ? !Self.hasPlainKey(pattern, line) : ids.contains(docID)
    }

    /// An id written with escapes is not read by `ids`; only a key with a plain value counts as a mismatch.
    private static func hasPlainKey(_ pattern: [UInt8], _ line: [UInt8]) -> Bool {
        guard let match = find(pattern, in: line, from: 0) else { return false }
        return !line[(match + pattern.count)...].prefix(64).contains(UInt8(ascii: "\\"))
    }

    private static func find(_ pattern: [UInt8], in line: [UInt8], from: Int) -> Int? {
        guard pattern.count <= line.count, from <= line.count - pattern.count else { return nil }
        var i = from
        while i <= line.count - pattern.count {
            if line[i] == pattern[0], line[i..<(i + pattern.count)].elementsEqual(pattern) { return i }
            i += 1
        }
        return nil
    }
}
