import Codecs
import Foundation
import JSONText

/// Reads annotated lines of a shard back by their byte offsets in the decompressed stream, in one
/// forward pass: the shard is framed into lines by the same `LineFramer` that framed it for annotation (so a
/// byte order mark, `\r\n` and the last unterminated line are read alike), and only the wanted lines are kept.
/// Each must be a whole framed line of the annotated length and the annotated document (`DocumentIdentity`).
/// Serves `sample --materialize` and `stats --examples`.
public final class ShardLineReader {
    public let url: URL
    private let identity: DocumentIdentity
    private let framer: LineFramer
    /// The offset of the last line handed out; lines are asked for in increasing order.
    private var lastOffset: Int64 = -1

    /// `idField` is the annotation's id field; `fields` are further paths to read from each line.
    public init(url: URL, idField: String, fields: [FieldPath] = [], maxLineBytes: Int = 256 << 20) throws {
        self.url = url
        identity = DocumentIdentity(idField: idField, fields: fields)
        framer = LineFramer(source: try DecompressingSource(url: url), maxLineBytes: maxLineBytes)
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

    /// The framed line at `offset`, which must be `length` bytes long.
    private func line(at offset: Int64, length: Int) throws(ShardLineError) -> [UInt8] {
        guard offset > lastOffset else {
            throw ShardLineError(
                "\(url.path): lines must be read in offset order (asked for byte \(offset) after \(lastOffset))"
            )
        }
        lastOffset = offset
        while let framed = try nextLine() {
            let (lineOffset, found): (Int64, Int64)
            switch framed {
            case .line(let bytes, let at, _):
                if at == offset, bytes.count == length { return Array(bytes) }
                (lineOffset, found) = (at, Int64(bytes.count))
            case .tooLong(let at, let tooLong, _): (lineOffset, found) = (at, tooLong)
            }
            if lineOffset < offset { continue }
            guard lineOffset == offset else {
                throw ShardLineError(
                    "\(url.path): byte \(offset) does not start a line; the shard changed since it was annotated"
                )
            }
            throw ShardLineError(
                found > length
                    ? "\(url.path): the line at byte \(offset) is longer than the \(length) bytes annotated; the shard changed since it was annotated"
                    : "\(url.path): the shard ends inside the line at byte \(offset) (\(length) bytes expected, \(found) there); it changed since it was annotated"
            )
        }
        throw ShardLineError(
            "\(url.path): the shard ends before byte \(offset); it changed since it was annotated"
        )
    }

    private func nextLine() throws(ShardLineError) -> FramedLine? {
        do { return try framer.next() } catch { throw ShardLineError("\(url.path): \(error)") }
    }
}
