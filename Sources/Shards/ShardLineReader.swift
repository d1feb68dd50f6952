import Codecs
import Foundation
import JSONText

/// Reads annotated lines of a shard back by their byte offsets in the decompressed stream, in one
/// forward pass: the shard is decompressed once and only the wanted lines are kept. Each line is checked to be
/// whole (it starts and ends at line breaks) and to be the annotated document (`DocumentIdentity`).
/// Serves `sample --materialize` and `stats --examples`.
public final class ShardLineReader {
    public let url: URL
    private let identity: DocumentIdentity
    private let source: DecompressingSource
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    /// Offset in the decompressed stream of `buffer[start]`.
    private var position: Int64 = 0
    /// The byte just before `buffer[start]`, to check that a line starts after a line break.
    private var previous: UInt8?

    /// `idField` is the annotation's id field; `fields` are further paths to read from each line.
    public init(url: URL, idField: String, fields: [FieldPath] = []) throws {
        self.url = url
        identity = DocumentIdentity(idField: idField, fields: fields)
        source = try DecompressingSource(url: url)
        buffer = [UInt8](repeating: 0, count: 1 << 20)
    }

    /// The annotated document `docID` at `offset`, which must not lie before the previous line read.
    public func document(at offset: Int64, length: Int, docID: String) throws(ShardLineError) -> ShardLine {
        let bytes = try line(at: offset, length: length)
        do {
            return ShardLine(bytes: bytes, values: try identity.check(bytes, docID: docID))
        } catch {
            throw ShardLineError(
                "\(url.path): the line at byte \(offset) \(error.detail); the shard changed since it was annotated"
            )
        }
    }

    /// The `length` bytes at `offset`. Checks that they form one whole line of the shard.
    private func line(at offset: Int64, length: Int) throws(ShardLineError) -> [UInt8] {
        guard offset >= position else {
            throw ShardLineError(
                "\(url.path): lines must be read in offset order (asked for byte \(offset) after \(position))"
            )
        }
        try skip(offset - position)
        guard offset == 0 || previous == 0x0A else {
            throw ShardLineError(
                "\(url.path): byte \(offset) does not start a line; the shard changed since it was annotated"
            )
        }
        var line: [UInt8] = []
        line.reserveCapacity(length)
        while line.count < length {
            guard try fill() else {
                throw ShardLineError(
                    "\(url.path): the shard ends inside the line at byte \(offset) (\(length) bytes expected); it changed since it was annotated"
                )
            }
            let take = min(length - line.count, end - start)
            line += buffer[start..<(start + take)]
            advance(take)
        }
        // The line must end here: at a line break (\n or \r\n) or at the end of the shard.
        if try fill(), buffer[start] != 0x0A, buffer[start] != 0x0D {
            throw ShardLineError(
                "\(url.path): the line at byte \(offset) is longer than the \(length) bytes annotated; the shard changed since it was annotated"
            )
        }
        return line
    }

    private func skip(_ count: Int64) throws(ShardLineError) {
        var remaining = count
        while remaining > 0 {
            guard try fill() else {
                throw ShardLineError(
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
    private func fill() throws(ShardLineError) -> Bool {
        if start < end { return true }
        let read: Int
        do {
            read = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
        } catch {
            throw ShardLineError("\(url.path): \(error)")
        }
        start = 0
        end = read
        return read > 0
    }
}
