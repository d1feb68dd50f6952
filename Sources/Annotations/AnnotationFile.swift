import Foundation
import Parquet

/// An annotation file as found on disk: its footer facts, checked against the annotation schema.
public struct AnnotationFile: Sendable, Hashable {
    public let url: URL
    /// The annotated shard's path relative to its input root (`dataman.input.path`).
    public let inputPath: String
    public let rowCount: Int64
    public let rowGroupCount: Int
    /// The first and last `line` values, nil for an empty file; parts of one shard cover disjoint ranges.
    public let lines: ClosedRange<Int64>?
    public let metadata: [String: String]

    /// Opens the footer and checks that every annotation column is present with its type.
    public init(url: URL) throws {
        let reader: ParquetReader
        do { reader = try ParquetReader(url: url) } catch let error as ParquetError {
            throw AnnotationError(file: url.path, message: error.message)
        }
        try self.init(reader: reader)
    }

    init(reader: ParquetReader) throws {
        let path = reader.url.path
        var metadata: [String: String] = [:]
        for (key, value) in reader.metadata { metadata[key] = value }
        guard let inputPath = metadata[AnnotationMetadataKeys.inputPath], !inputPath.isEmpty else {
            throw AnnotationError(file: path, message: "not an annotation file: no '\(AnnotationMetadataKeys.inputPath)' in its key-value metadata")
        }
        try Self.checkSchema(reader.columns, path: path)
        url = reader.url
        self.inputPath = inputPath
        rowCount = reader.rowCount
        rowGroupCount = reader.rowGroupCount
        self.metadata = metadata
        lines = try Self.lineRange(reader)
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
    static let expectedTypes: [(String, ParquetType)] = [
        (AnnotationColumns.docID, .string), (AnnotationColumns.idHash, .int64), (AnnotationColumns.line, .int64),
        (AnnotationColumns.offset, .int64), (AnnotationColumns.length, .int32), (AnnotationColumns.source, .string),
        (AnnotationColumns.tokens, .int32),
    ] + AnnotationColumns.ratings.map { ($0, ParquetType.int8) } + [
        (AnnotationColumns.domain, .string), (AnnotationColumns.error, .string),
    ]

    private static func checkSchema(_ columns: [ParquetColumn], path: String) throws {
        for (name, type) in expectedTypes {
            guard let column = columns.first(where: { $0.name == name }) else {
                throw AnnotationError(file: path, message: "not an annotation file: no column '\(name)'")
            }
            guard column.type == type else {
                throw AnnotationError(file: path, message: "column '\(name)' is \(column.type), an annotation file has \(type)")
            }
        }
    }

    /// From the row-group statistics when the writer stored them, else from the column itself.
    private static func lineRange(_ reader: ParquetReader) throws -> ClosedRange<Int64>? {
        guard reader.rowCount > 0 else { return nil }
        var low = Int64.max, high = Int64.min
        for group in 0..<reader.rowGroupCount {
            if case .int64(let min)? = reader.statistics(column: AnnotationColumns.line, rowGroup: group)?.min,
               case .int64(let max)? = reader.statistics(column: AnnotationColumns.line, rowGroup: group)?.max {
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
            throw AnnotationError(file: reader.url.path, message: error.message)
        }
    }
}
