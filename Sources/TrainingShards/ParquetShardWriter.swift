import Annotations
import Foundation
import Parquet

/// What the `parquet` format writes beside each document's text and id, from `selection.parquet`: the source,
/// the domain and the 14 ratings, by selection row. Loaded only for that format.
final class SelectionAttributes: Sendable {
    let sources: [String?]
    let domains: [String?]
    /// One array per rating, in `AnnotationColumns.ratings` order.
    let ratings: [[Int8?]]

    init(selection: URL) throws {
        let reader = try ParquetReader(url: selection)
        func column(_ name: String) throws -> ColumnValues { try reader.read(column: name) }
        guard case .string(let sources) = try column("source"), case .string(let domains) = try column("domain")
        else { throw TrainingShardsError.invalidOption("\(selection.path): source or domain is not a string column") }
        self.sources = sources
        self.domains = domains
        ratings = try AnnotationColumns.ratings.map { name in
            guard case .int8(let values) = try column(name) else {
                throw TrainingShardsError.invalidOption("\(selection.path): \(name) is not an int8 column")
            }
            return values
        }
    }
}

/// `part-NNNNN.parquet`: text, id, source, domain and the 14 ratings, a row per document copy, in row groups
/// of about 64 MB of text (Parquet's `ParquetWriter`, committed atomically).
final class ParquetShardWriter: ShardFileWriter {
    static let columns =
        [
            ParquetColumn(name: "text", type: .string),
            ParquetColumn(name: "id", type: .string),
            ParquetColumn(name: "source", type: .string, dictionary: true),
            ParquetColumn(name: "domain", type: .string, nullable: true, dictionary: true),
        ] + AnnotationColumns.ratings.map { ParquetColumn(name: $0, type: .int8, nullable: true, dictionary: true) }
    private static let rowGroupBytes = 64 << 20

    private let writer: ParquetWriter
    private let attributes: SelectionAttributes
    private let name: String
    private var texts: [String?] = []
    private var ids: [String?] = []
    private var rows: [Int] = []
    private var pendingBytes = 0
    private var textBytes: Int64 = 0

    init(stem: URL, attributes: SelectionAttributes) throws {
        name = stem.lastPathComponent + ".parquet"
        self.attributes = attributes
        writer = try ParquetWriter(
            destination: stem.deletingLastPathComponent().appendingPathComponent(name),
            columns: Self.columns,
            metadata: [],
            createdBy: "dataman sample --materialize"
        )
    }

    func append(_ document: PreparedDocument) throws {
        texts.append(String(decoding: document.text, as: UTF8.self))
        ids.append(document.docID)
        rows.append(document.row)
        pendingBytes += document.text.count
        textBytes += Int64(document.text.count)
        if pendingBytes >= Self.rowGroupBytes { try flush() }
    }

    private func flush() throws {
        guard !rows.isEmpty else { return }
        try writer.write(
            rowGroup: [
                .string(texts), .string(ids), .string(rows.map { attributes.sources[$0] }),
                .string(rows.map { attributes.domains[$0] }),
            ] + attributes.ratings.map { rating in .int8(rows.map { rating[$0] }) }
        )
        texts.removeAll(keepingCapacity: true)
        ids.removeAll(keepingCapacity: true)
        rows.removeAll(keepingCapacity: true)
        pendingBytes = 0
    }

    func commit() throws -> (names: [String], bytes: Int64) {
        try flush()
        try writer.commit()
        return ([name], textBytes)
    }

    func abandon() { writer.abandon() }
}
