import Foundation
import Parquet

/// An annotation file as found on disk: its footer facts, checked against the annotation schema.
/// A selection written by `dataman sample` has the same columns and can be read like one; its
/// rows name their shard in a `shard` column instead of the file naming one for all.
public struct AnnotationFile: Sendable, Hashable {
    public let url: URL
    /// The annotated shard's path relative to its input root (`dataman.input.path`); empty for a
    /// selection, whose rows each name theirs in the `shard` column.
    public let inputPath: String
    /// A selection file: rows from many shards, a document once per epoch it is trained on.
    public let isSelection: Bool
    public let rowCount: Int64
    public let rowGroupCount: Int
    /// The first and last `line` values, nil for an empty file; parts of one shard cover disjoint ranges.
    public let lines: ClosedRange<Int64>?
    public let metadata: [String: String]

    /// Opens the footer and checks that every annotation column is present with its type.
    public init(url: URL) throws {
        let reader: ParquetReader
        do { reader = try ParquetReader(url: url) } catch let error as ParquetError {
            throw AnnotationError.unreadable(error)
        }
        try self.init(reader: reader)
    }

    init(reader: ParquetReader) throws {
        let path = reader.url.path
        var metadata: [String: String] = [:]
        for (key, value) in reader.metadata { metadata[key] = value }
        let inputPath = metadata[AnnotationMetadataKeys.inputPath] ?? ""
        let isSelection = inputPath.isEmpty && Self.hasSelectionColumns(reader.columns)
        guard !inputPath.isEmpty || isSelection else {
            throw AnnotationError.notAnnotationFile(
                file: path,
                reason: """
                    no '\(AnnotationMetadataKeys.inputPath)' in its key-value metadata \
                    (nor a selection file: no string '\(AnnotationColumns.shard)' and int32 '\(AnnotationColumns.epoch)' columns)
                    """
            )
        }
        try Self.checkSchema(reader.columns, path: path)
        url = reader.url
        self.inputPath = inputPath
        self.isSelection = isSelection
        rowCount = reader.rowCount
        rowGroupCount = reader.rowGroupCount
        self.metadata = metadata
        // A selection's lines belong to many shards, so their range says nothing.
        lines = isSelection ? nil : try Self.lineRange(reader)
    }

    private static func hasSelectionColumns(_ columns: [ParquetColumn]) -> Bool {
        columns.contains { $0.name == AnnotationColumns.shard && $0.type == .string }
            && columns.contains { $0.name == AnnotationColumns.epoch && $0.type == .int32 }
    }

    public var criteriaVersion: String { metadata[AnnotationMetadataKeys.criteriaVersion] ?? "unknown" }
    public var schemaVersion: String { metadata[AnnotationMetadataKeys.schemaVersion] ?? "unknown" }
    public var tokenizer: String {
        "\(metadata[AnnotationMetadataKeys.tokenizer] ?? "unknown") \(metadata[AnnotationMetadataKeys.tokenizerHash] ?? "")"
            .trimmingCharacters(in: .whitespaces)
    }
    public var rater: String {
        "\(metadata[AnnotationMetadataKeys.raterKind] ?? "unknown")/\(metadata[AnnotationMetadataKeys.raterModel] ?? "")"
    }

    /// The expected type of every annotation column; nullability is not checked because other
    /// writers (pyarrow by default) mark every column optional. Nulls where none may be are
    /// reported when the rows are read.
    static let expectedTypes: [(String, ParquetType)] =
        [
            (AnnotationColumns.docID, .string), (AnnotationColumns.idHash, .int64), (AnnotationColumns.line, .int64),
            (AnnotationColumns.offset, .int64), (AnnotationColumns.length, .int32), (AnnotationColumns.source, .string),
            (AnnotationColumns.tokens, .int32),
        ] + AnnotationColumns.ratings.map { ($0, ParquetType.int8) } + [
            (AnnotationColumns.domain, .string), (AnnotationColumns.error, .string),
        ]

    private static func checkSchema(_ columns: [ParquetColumn], path: String) throws {
        for (name, type) in expectedTypes {
            guard let column = columns.first(where: { $0.name == name }) else {
                throw AnnotationError.notAnnotationFile(
                    file: path,
                    reason: "no column '\(name)'"
                        + (name == AnnotationColumns.error || AnnotationColumns.ratingIndex(name) != nil
                            ? " (a selection file written before selections carried ratings? sample again)" : "")
                )
            }
            guard column.type == type else {
                throw AnnotationError.wrongColumnType(
                    file: path,
                    column: name,
                    found: "\(column.type)",
                    expected: "\(type)"
                )
            }
        }
    }

    /// From the row-group statistics when the writer stored them, else from the column itself.
    private static func lineRange(_ reader: ParquetReader) throws -> ClosedRange<Int64>? {
        guard reader.rowCount > 0 else { return nil }
        var low = Int64.max
        var high = Int64.min
        for group in 0..<reader.rowGroupCount {
            if case .int64(let min)? = reader.statistics(column: AnnotationColumns.line, rowGroup: group)?.min,
                case .int64(let max)? = reader.statistics(column: AnnotationColumns.line, rowGroup: group)?.max
            {
                low = Swift.min(low, min)
                high = Swift.max(high, max)
                continue
            }
            guard case .int64(let values) = try readColumn(reader, AnnotationColumns.line, group) else { continue }
            for case let value? in values {
                low = Swift.min(low, value)
                high = Swift.max(high, value)
            }
        }
        return low <= high ? low...high : nil
    }

    static func readColumn(_ reader: ParquetReader, _ name: String, _ group: Int) throws -> ColumnValues {
        do { return try reader.read(column: name, rowGroup: group) } catch let error as ParquetError {
            throw AnnotationError.unreadable(error)
        }
    }
}
