import Foundation
import Parquet

/// Buffers annotation rows and writes them to one Parquet file in row groups of `rowGroupRows`,
/// so a shard of any size needs memory for one row group only. Nothing is visible under the
/// final name until `commit()`.
final class AnnotationFileWriter {
    private let schema: AnnotationSchema
    private let parquet: ParquetWriter
    private let rowGroupRows: Int
    private var pending: [AnnotationRow] = []

    init(destination: URL, schema: AnnotationSchema, rowGroupRows: Int) throws {
        self.schema = schema
        self.rowGroupRows = rowGroupRows
        parquet = try ParquetWriter(
            destination: destination,
            columns: schema.columns,
            metadata: [],
            compression: .zstd(level: 3),
            createdBy: Provenance.createdBy
        )
        pending.reserveCapacity(min(rowGroupRows, 1 << 16))
    }

    func append(_ rows: some Collection<AnnotationRow>) throws {
        pending.append(contentsOf: rows)
        if pending.count >= rowGroupRows { try flush() }
    }

    /// Writes the last row group and the footer with `metadata`, which is known only once the
    /// whole shard has been read (row and error counts, the input's checksum).
    func commit(metadata: [(key: String, value: String)]) throws {
        if !pending.isEmpty { try flush() }
        parquet.metadata = metadata
        try parquet.commit()
    }

    func abandon() { parquet.abandon() }

    private func flush() throws {
        try parquet.write(rowGroup: schema.columnValues(pending))
        pending.removeAll(keepingCapacity: true)
    }
}
