import Annotations
import Foundation
import Parquet

/// Writes `selection.parquet`: one row per selected document and epoch, buffered into row groups.
/// Nothing appears under the final name before `commit()`.
public final class SelectionFileWriter: SelectionSink {
    public static let columns =
        [
            ParquetColumn(name: "doc_id", type: .string),
            ParquetColumn(name: "id_hash", type: .int64),
            ParquetColumn(name: "shard", type: .string, dictionary: true),
            ParquetColumn(name: "line", type: .int64),
            ParquetColumn(name: "offset", type: .int64),
            ParquetColumn(name: "length", type: .int32),
            ParquetColumn(name: "tokens", type: .int32),
            ParquetColumn(name: "source", type: .string, dictionary: true),
            ParquetColumn(name: "domain", type: .string, nullable: true, dictionary: true),
            ParquetColumn(name: "stratum", type: .string, dictionary: true),
            ParquetColumn(name: "epoch", type: .int32, dictionary: true),
            ParquetColumn(name: "score", type: .int32, nullable: true, dictionary: true),
            ParquetColumn(name: "key", type: .int64),
        ] + AnnotationColumns.ratings.map { ParquetColumn(name: $0, type: .int8, nullable: true, dictionary: true) } + [
            // Always null (rows with an error are never selected); there so the file reads as annotations.
            ParquetColumn(name: AnnotationColumns.error, type: .string, nullable: true)
        ]

    private let parquet: ParquetWriter
    private let rowGroupRows: Int
    private var pending = SelectedRows()
    public private(set) var rowsWritten: Int64 = 0

    public init(destination: URL, metadata: [(key: String, value: String)], rowGroupRows: Int = 1 << 17) throws {
        parquet = try ParquetWriter(
            destination: destination,
            columns: Self.columns,
            metadata: metadata,
            compression: .zstd(level: 3),
            createdBy: "dataman sample"
        )
        self.rowGroupRows = rowGroupRows
    }

    /// Buffers rows; a row group is written once `rowGroupRows` are waiting.
    public func write(_ rows: SelectedRows) throws {
        pending.append(rows)
        rowsWritten += Int64(rows.count)
        if pending.count >= rowGroupRows { try flush() }
    }

    /// Key of the metadata entry counting the boundary rows, which are the file's last rows.
    public static let boundaryRowsKey = "dataman.sample.boundary_rows"

    /// Writes the last row group and the footer; `boundaryRows` is how many of the last rows are
    /// boundary rows (out of shard order), so a reader can set them apart.
    public func commit(boundaryRows: Int64 = 0) throws {
        if pending.count > 0 { try flush() }
        parquet.metadata.append((key: Self.boundaryRowsKey, value: String(boundaryRows)))
        try parquet.commit()
    }

    public func abandon() { parquet.abandon() }

    /// The sort key as a signed integer with the same order (the top bit flipped), so that
    /// `ORDER BY key DESC` in SQL lists a stratum in selection order.
    public static func signedKey(_ key: UInt64) -> Int64 { Int64(bitPattern: key ^ (1 << 63)) }

    private func flush() throws {
        let rows = pending
        pending.removeAll()
        try parquet.write(
            rowGroup: [
                .string(rows.docID), .int64(rows.idHash), .string(rows.shard), .int64(rows.line), .int64(rows.offset),
                .int32(rows.length), .int32(rows.tokens), .string(rows.source), .string(rows.domain),
                .string(rows.stratum),
                .int32(rows.epoch), .int32(rows.score), .int64(rows.key.map(Self.signedKey)),
            ] + AnnotationColumns.ratings.indices.map { index in .int8(rows.ratings.map { $0[index] }) } + [
                .string(Array(repeating: nil, count: rows.count))
            ]
        )
    }
}

/// Sends every row to two sinks: the selection file and an observer.
final class TeeSink: SelectionSink {
    private let first: SelectionSink
    private let second: SelectionSink

    init(_ first: SelectionSink, _ second: SelectionSink) {
        self.first = first
        self.second = second
    }

    func write(_ rows: SelectedRows) throws {
        try first.write(rows)
        try second.write(rows)
    }
}

/// Takes rows and keeps nothing: the second pass of a dry run.
public final class DiscardingSink: SelectionSink {
    public init() {}
    public func write(_ rows: SelectedRows) throws {}
}
