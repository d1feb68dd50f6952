import Codecs
import Foundation
import JSONText

/// Reads annotated lines of a shard back by their byte offsets in the decompressed stream, in one
/// forward pass: the shard is framed into lines by the same `LineFramer` that framed it for annotation (so a
/// byte order mark, `\r\n` and the last unterminated line are read alike), and only the wanted lines are kept.
/// Each must be a whole framed line of the annotated length and the annotated document (`DocumentIdentity`).
/// Serves `sample --materialize` and `stats --examples`.
///
/// A Parquet shard's rows are read back by row number (their annotated `offset`) with `ParquetShardReader`; the row
/// must hold the annotated id and a text of the annotated length, and stands as a JSON line of its id and text
/// fields (dotted paths as nested objects).
public final class ShardLineReader {
    public let url: URL
    private let identity: DocumentIdentity
    private let rows: ParquetRows?
    private let framer: LineFramer?
    /// The offset of the last line handed out; lines are asked for in increasing order.
    private var lastOffset: Int64 = -1

    /// `idField` and `textField` are the annotation's id and text fields; `fields` are further paths to read from
    /// each line (of a Parquet row, only the text and id fields can be read).
    public init(
        url: URL,
        idField: String,
        textField: String = "text",
        fields: [FieldPath] = [],
        maxLineBytes: Int = 256 << 20
    ) throws {
        self.url = url
        identity = DocumentIdentity(idField: idField, fields: fields)
        if ShardFormat(name: url.lastPathComponent) == .parquet {
            rows = try ParquetRows(url: url, idField: idField, textField: textField, fields: fields)
            framer = nil
        } else {
            rows = nil
            framer = LineFramer(source: try DecompressingSource(url: url), maxLineBytes: maxLineBytes)
        }
    }

    /// The annotated document `docID` at `offset`, which must not lie before the previous line read.
    public func document(at offset: Int64, length: Int, docID: String) throws(ShardLineError) -> ShardLine {
        // Both formats are read forward only; a Parquet row's offset is its row number.
        guard offset > lastOffset else {
            throw ShardLineError(
                "\(url.path): documents must be read in offset order (asked for \(offset) after \(lastOffset))"
            )
        }
        lastOffset = offset
        if let rows { return try rows.document(atRow: offset, length: length, docID: docID) }
        let bytes = try line(at: offset, length: length)
        do {
            return ShardLine(bytes: bytes, values: try identity.check(bytes, docID: docID))
        } catch {
            throw ShardLineError(
                "\(url.path): the line at byte \(offset) \(error.detail); the shard changed since it was annotated"
            )
        }
    }

    /// The framed line at `offset`, which must be `length` bytes long and lie past the last one read.
    private func line(at offset: Int64, length: Int) throws(ShardLineError) -> [UInt8] {
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
        do { return try framer!.next() } catch { throw ShardLineError("\(url.path): \(error)") }
    }
}

/// Rows of a Parquet shard read back as annotated documents.
private final class ParquetRows {
    private let reader: ParquetShardReader
    private let fields: [FieldPath]
    private let idField: String
    private let textField: String

    init(url: URL, idField: String, textField: String, fields: [FieldPath]) throws {
        let file = ShardFile(url: url, relativePath: url.lastPathComponent, rootName: "")
        reader = try ParquetShardReader(file: file, fields: try FieldPaths(text: textField, id: idField))
        self.fields = fields
        self.idField = idField
        self.textField = textField
    }

    func document(atRow row: Int64, length: Int, docID: String) throws(ShardLineError) -> ShardLine {
        let path = reader.file.url.path
        let record: Record?
        do {
            guard try reader.skip(toLine: row) else {
                throw ShardLineError("\(path): the file ends before row \(row); it changed since it was annotated")
            }
            record = try reader.next()
        } catch let error as ShardLineError {
            throw error
        } catch {
            throw ShardLineError("\(path): \(error)")
        }
        guard case .document(let document) = record, document.locator.line == row else {
            throw ShardLineError(
                "\(path): row \(row) no longer holds a document; the file changed since it was annotated"
            )
        }
        // A row without an id was named `<shard>:<row>` under the path it was annotated at, which this reader
        // does not know; the text's length still checks it.
        let unnamed = document.id.hasSuffix(":\(row)") && docID.hasSuffix(":\(row)")
        guard document.id == docID || unnamed else {
            throw ShardLineError(
                "\(path): row \(row) holds \(idField) '\(document.id)', the annotation says '\(docID)'; the file changed since it was annotated"
            )
        }
        guard document.text.utf8.count == length else {
            throw ShardLineError(
                "\(path): row \(row) holds a \(document.text.utf8.count)-byte text, the annotation \(length) bytes; the file changed since it was annotated"
            )
        }
        let values = fields.map { $0.description == textField ? FoundValue.string(document.text) : .missing }
        return ShardLine(bytes: Self.jsonLine([(idField, document.id), (textField, document.text)]), values: values)
    }

    /// A JSON object of string fields, a dotted path written as nested objects.
    private static func jsonLine(_ fields: [(path: String, value: String)]) -> [UInt8] {
        var object: [String: Any] = [:]
        for (path, value) in fields {
            insert(value, at: path.split(separator: ".").map(String.init)[...], into: &object)
        }
        // Strings and dictionaries of them always serialize.
        return Array(
            try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        )
    }

    private static func insert(_ value: String, at path: ArraySlice<String>, into object: inout [String: Any]) {
        guard let key = path.first else { return }
        if path.count == 1 {
            object[key] = value
            return
        }
        var inner = object[key] as? [String: Any] ?? [:]
        insert(value, at: path.dropFirst(), into: &inner)
        object[key] = inner
    }
}
