import Parquet

/// The columns of one row group that a reader asked for; columns not asked for stay empty.
public struct AnnotationBatch: Sendable {
    public let count: Int
    public var docID: [String] = []
    public var idHash: [Int64] = []
    public var line: [Int64] = []
    public var offset: [Int64] = []
    public var length: [Int32] = []
    public var source: [String] = []
    public var tokens: [Int32] = []
    public var domain: [String?] = []
    public var error: [String?] = []
    /// Only from a selection file: each row's shard.
    public var shard: [String] = []
    /// Rating columns by their index in `AnnotationColumns.ratings`.
    public var ratings: [Int: [Int8?]] = [:]

    public init(count: Int) {
        self.count = count
    }
}

/// Reads annotation rows one row group at a time, so memory is bounded by the row group size.
public final class AnnotationReader {
    public let file: AnnotationFile
    private let parquet: ParquetReader

    public init(_ file: AnnotationFile) throws {
        self.file = file
        do { parquet = try ParquetReader(url: file.url) } catch let error as ParquetError {
            throw AnnotationError.unreadable(error)
        }
    }

    public var rowGroupCount: Int { parquet.rowGroupCount }

    /// The columns named in `columns` (annotation column names) of one row group.
    public func batch(rowGroup: Int, columns: Set<String>) throws -> AnnotationBatch {
        var loaded: [(String, ColumnValues)] = []
        for name in columns.sorted() {
            let values = try AnnotationFile.readColumn(parquet, name, rowGroup)
            if let first = loaded.first, first.1.count != values.count {
                throw invalid(
                    "row group \(rowGroup)",
                    "column '\(name)' has \(values.count) values, '\(first.0)' \(first.1.count)"
                )
            }
            loaded.append((name, values))
        }
        var batch = AnnotationBatch(count: loaded.first?.1.count ?? 0)
        for (name, values) in loaded {
            switch (name, values) {
            case (AnnotationColumns.docID, .string(let v)): batch.docID = try required(v, name, rowGroup)
            case (AnnotationColumns.idHash, .int64(let v)): batch.idHash = try required(v, name, rowGroup)
            case (AnnotationColumns.line, .int64(let v)): batch.line = try required(v, name, rowGroup)
            case (AnnotationColumns.offset, .int64(let v)): batch.offset = try required(v, name, rowGroup)
            case (AnnotationColumns.length, .int32(let v)): batch.length = try required(v, name, rowGroup)
            case (AnnotationColumns.source, .string(let v)): batch.source = try required(v, name, rowGroup)
            case (AnnotationColumns.tokens, .int32(let v)): batch.tokens = try required(v, name, rowGroup)
            case (AnnotationColumns.shard, .string(let v)): batch.shard = try required(v, name, rowGroup)
            case (AnnotationColumns.domain, .string(let v)): batch.domain = v
            case (AnnotationColumns.error, .string(let v)): batch.error = v
            case (_, .int8(let v)) where AnnotationColumns.ratingIndex(name) != nil:
                batch.ratings[AnnotationColumns.ratingIndex(name)!] = v
            default:
                throw invalid("row group \(rowGroup)", "'\(name)' is not an annotation column of the expected type")
            }
        }
        return batch
    }

    private func required<T>(_ values: [T?], _ name: String, _ rowGroup: Int) throws -> [T] {
        var out: [T] = []
        out.reserveCapacity(values.count)
        for (row, value) in values.enumerated() {
            guard let value else {
                throw invalid("row group \(rowGroup), row \(row)", "column '\(name)' is null; it may not be")
            }
            out.append(value)
        }
        return out
    }

    private func invalid(_ place: String, _ detail: String) -> AnnotationError {
        .invalidValue(file: file.url.path, place: place, detail: detail)
    }
}
