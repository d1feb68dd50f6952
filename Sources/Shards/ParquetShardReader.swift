import Foundation
import Parquet

/// Reads a Parquet shard's rows as records: the text, id and source fields are columns named by the same dotted
/// paths as JSONL fields (`metadata.dump` is the `dump` field of a `metadata` struct column). Row groups are read
/// page by page through `ParquetRowCursor`, so memory stays within a few pages per column whatever the row group's
/// size; other columns (lists, maps, anything not asked for) are never read.
///
/// A row's `Locator` has `line` and `offset` both set to the row number in the file (0-based), and `length` to the
/// text's UTF-8 byte count: offsets stay unique and increasing as for JSONL lines, so the consumers that order and
/// deduplicate documents by offset (`sample --materialize`, `stats --examples`) work unchanged, and the length
/// checks the text read back.
public final class ParquetShardReader: RecordReader {
    public let file: ShardFile
    public let fields: FieldPaths

    private let parquet: ParquetReader
    /// The cursor's columns, in the order text, then id and source where the file has them.
    private let columns: [String]
    private let idColumn: Int?
    private let sourceColumn: Int?
    /// The first row of each row group, and the file's row count at the end.
    private let groupStarts: [Int64]
    private let footerXXH3: UInt64

    private var group = 0
    private var cursor: ParquetRowCursor?
    private var batch: ParquetRowBatch?
    private var batchIndex = 0
    /// The file row of the next record handed out.
    private var nextRow: Int64 = 0
    public private(set) var decompressedBytesRead: Int64 = 0

    /// Rows decoded at once: large enough to amortise the per-batch work, small enough that a batch of long
    /// documents stays a few megabytes.
    static let batchRows = 256

    public init(file: ShardFile, fields: FieldPaths) throws {
        self.file = file
        self.fields = fields
        parquet = try ParquetReader(url: file.url)
        let leaves = parquet.leafColumns
        func leaf(_ path: String) -> ParquetLeafColumn? { leaves.first { $0.dottedPath == path } }
        guard let text = leaf(fields.text) else {
            throw ShardsError.missingColumn(
                file: file.url.path,
                field: "text",
                column: fields.text,
                available: leaves.filter { !$0.isRepeated }.map(\.dottedPath)
            )
        }
        guard text.holdsStrings, !text.isRepeated else {
            throw ShardsError.unsuitableColumn(
                file: file.url.path,
                field: "text",
                column: fields.text,
                type: text.typeDescription
            )
        }
        var columns = [fields.text]
        // A file without the id or source column names its documents `<shard>:<row>` and gives them the folder's
        // source, as a JSONL line without those fields does.
        func optional(_ path: String?, field: String) throws -> Int? {
            guard let path, let column = leaf(path) else { return nil }
            guard !column.isRepeated, field == "id" || column.holdsStrings else {
                throw ShardsError.unsuitableColumn(
                    file: file.url.path,
                    field: field,
                    column: path,
                    type: column.typeDescription
                )
            }
            columns.append(path)
            return columns.count - 1
        }
        idColumn = try optional(fields.id, field: "id")
        sourceColumn = try optional(fields.source, field: "source")
        self.columns = columns
        var starts: [Int64] = [0]
        for index in 0..<parquet.rowGroupCount { starts.append(starts.last! + parquet.rowCount(rowGroup: index)) }
        groupStarts = starts
        // The footer records every column chunk's place, size and statistics.
        footerXXH3 = try parquet.footerBytes().withUnsafeBytes { xxh3_64($0) }
    }

    public var rowCount: Int64 { groupStarts.last! }

    /// The rows of each row group of the Parquet file at `url`, from its footer.
    public static func rowGroupRows(of url: URL) throws -> [Int64] {
        let parquet = try ParquetReader(url: url)
        return (0..<parquet.rowGroupCount).map { parquet.rowCount(rowGroup: $0) }
    }

    /// The file's size in proportion to the rows read: the columns read are only part of the file.
    public var compressedBytesRead: Int64 {
        rowCount == 0 ? 0 : Int64(Double(parquet.fileSize) * Double(nextRow) / Double(rowCount))
    }

    public var inputChecksum: (size: Int64, xxh3: UInt64) { (Int64(parquet.fileSize), footerXXH3) }

    public func next(before limit: Int64) throws -> Record? {
        guard nextRow < limit, try loadBatch(), let batch else { return nil }
        let index = batchIndex
        let row = nextRow
        batchIndex += 1
        nextRow += 1
        return record(row: row, batch.columns, index)
    }

    public func skip(toLine line: Int64) throws -> Bool {
        guard line > nextRow else { return try loadBatch() }
        guard line < rowCount else {
            (cursor, batch, group, nextRow) = (nil, nil, parquet.rowGroupCount, rowCount)
            return false
        }
        if let batch, line - nextRow < Int64(batch.rowCount - batchIndex) {
            batchIndex += Int(line - nextRow)
            nextRow = line
            return true
        }
        // The row group holding `line`: the last one starting at or before it.
        var low = 0
        var high = parquet.rowGroupCount - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if groupStarts[middle] <= line { low = middle } else { high = middle - 1 }
        }
        (batch, group, nextRow) = (nil, low, line)
        cursor = try parquet.rows(rowGroup: low, columns: columns, firstRow: line - groupStarts[low])
        return try loadBatch()
    }

    public func isAtEnd() throws -> Bool { try !loadBatch() }

    /// Makes `batch[batchIndex]` the row `nextRow`, opening row groups as needed; false at the end of the file.
    private func loadBatch() throws -> Bool {
        while true {
            if let batch, batchIndex < batch.rowCount { return true }
            batch = nil
            if let cursor, let next = try cursor.next(maxRows: Self.batchRows) {
                batch = next
                batchIndex = 0
                continue
            }
            if cursor != nil {
                cursor = nil
                group += 1
            }
            // Empty row groups are passed over; `nextRow` is where this group starts unless `skip` moved it.
            while group < parquet.rowGroupCount, groupStarts[group + 1] <= nextRow { group += 1 }
            guard group < parquet.rowGroupCount else { return false }
            cursor = try parquet.rows(rowGroup: group, columns: columns, firstRow: nextRow - groupStarts[group])
        }
    }

    private func record(row: Int64, _ columns: [[ParquetCell]], _ index: Int) -> Record {
        var locator = Locator(shard: file.relativePath, line: row, offset: row, length: 0)
        var id: String?
        var idProblem: String?
        if let idColumn {
            switch columns[idColumn][index] {
            case .string(let value): id = value
            case .integer(let value): id = String(value)
            case .null: break
            case .invalidUTF8(let count): idProblem = "id column '\(fields.id)' holds \(count) bytes that are not UTF-8"
            }
        }
        let source: String?
        if let sourceColumn, case .string(let value) = columns[sourceColumn][index] {
            source = value
        } else {
            source = nil
        }
        switch columns[0][index] {
        case .string(let text):
            if let idProblem { return .bad(BadRecord(locator: locator, id: nil, reason: idProblem)) }
            locator.length = Int32(clamping: text.utf8.count)
            decompressedBytesRead += Int64(text.utf8.count)
            let id = id ?? "\(file.relativePath):\(row)"
            return .document(Document(locator: locator, id: id, text: text, source: source))
        case .null:
            return .bad(BadRecord(locator: locator, id: id, reason: "text column '\(fields.text)' is null"))
        case .invalidUTF8(let count):
            return .bad(
                BadRecord(
                    locator: locator,
                    id: id,
                    reason: "text column '\(fields.text)' holds \(count) bytes that are not UTF-8"
                )
            )
        case .integer:
            // The column's type was checked to hold strings when the reader opened.
            preconditionFailure("string column '\(fields.text)' gave an integer")
        }
    }
}

extension ParquetLeafColumn {
    /// Whether its values are byte strings, as a text or source column's must be.
    var holdsStrings: Bool { physicalType == "BYTE_ARRAY" || physicalType == "FIXED_LEN_BYTE_ARRAY" }
}
