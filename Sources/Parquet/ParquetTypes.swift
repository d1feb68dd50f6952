import FileIO

/// The value types a DataMan Parquet column can hold.
/// `int8` is stored as physical INT32 annotated INTEGER(8, signed) and INT_8, which
/// pyarrow, polars and duckdb read as int8 / Int8 / TINYINT.
public enum ParquetType: Sendable, Equatable, CustomStringConvertible {
    case int8, int32, int64, string

    public var description: String {
        switch self {
        case .int8: "int8"
        case .int32: "int32"
        case .int64: "int64"
        case .string: "string"
        }
    }
}

/// One leaf of a flat schema.
public struct ParquetColumn: Sendable, Equatable {
    public var name: String
    public var type: ParquetType
    /// OPTIONAL (may hold nulls) rather than REQUIRED.
    public var nullable: Bool
    /// Write the column with a dictionary page and RLE_DICTIONARY data pages; suits low-cardinality columns.
    public var dictionary: Bool

    public init(name: String, type: ParquetType, nullable: Bool = false, dictionary: Bool = false) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.dictionary = dictionary
    }
}

/// The values of one column for a run of rows; the array's count is the row count.
public enum ColumnValues: Sendable, Equatable {
    case int8([Int8?])
    case int32([Int32?])
    case int64([Int64?])
    case string([String?])

    public var count: Int {
        switch self {
        case .int8(let v): v.count
        case .int32(let v): v.count
        case .int64(let v): v.count
        case .string(let v): v.count
        }
    }

    public var type: ParquetType {
        switch self {
        case .int8: .int8
        case .int32: .int32
        case .int64: .int64
        case .string: .string
        }
    }
}

public enum ParquetCompression: Sendable, Equatable {
    case none
    case zstd(level: Int)
}

/// A single value of a column, as found in statistics.
public enum ParquetValue: Sendable, Equatable {
    case int8(Int8)
    case int32(Int32)
    case int64(Int64)
    case string(String)
}

/// Column-chunk statistics as stored in the file. `min`/`max` are nil when the writer
/// left them out (for example an all-null chunk) or when they cannot be decoded.
public struct ColumnStatistics: Sendable, Equatable {
    public var nullCount: Int64?
    public var min: ParquetValue?
    public var max: ParquetValue?

    public init(nullCount: Int64?, min: ParquetValue?, max: ParquetValue?) {
        self.nullCount = nullCount
        self.min = min
        self.max = max
    }
}

/// Every failure of the Parquet reader and writer; each names the file and, where known, the column,
/// row group and byte offset involved.
public enum ParquetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened, read or written.
    case io(FileIOError)
    /// The bytes are not a complete Parquet file (no magic, a footer that does not fit, encryption).
    case notParquet(file: String, reason: String)
    /// The footer or a page breaks the format; `place` says where (`column 'text', row group 2`).
    case malformed(file: String, place: String?, detail: String)
    /// The file uses a feature this reader does not read: a type, an encoding, a codec, nesting.
    case unsupported(file: String, place: String?, detail: String)
    /// `available`: the columns the call could have named.
    case noSuchColumn(file: String, column: String, available: [String])
    case noSuchRowGroup(file: String, rowGroup: Int, count: Int)
    /// What the writer was asked to write does not fit the schema or the format.
    case invalidWrite(file: String, detail: String)
    /// The writer was used after it failed, was committed or was abandoned.
    case writerClosed(file: String, failedEarlier: Bool)

    public var file: String {
        switch self {
        case .io(let error): error.path
        case .notParquet(let file, _), .malformed(let file, _, _), .unsupported(let file, _, _),
            .noSuchColumn(let file, _, _), .noSuchRowGroup(let file, _, _), .invalidWrite(let file, _),
            .writerClosed(let file, _):
            file
        }
    }

    /// What went wrong, without the file name.
    public var message: String {
        func placed(_ place: String?, _ detail: String) -> String { place.map { "\($0): \(detail)" } ?? detail }
        switch self {
        case .io(let error): return error.message
        case .notParquet(_, let reason): return reason
        case .malformed(_, let place, let detail): return placed(place, detail)
        case .unsupported(_, let place, let detail): return placed(place, detail)
        case .noSuchColumn(_, let column, let available):
            let list = available.isEmpty ? "there are none" : "there are \(available.joined(separator: ", "))"
            return "no column named '\(column)' (\(list))"
        case .noSuchRowGroup(_, let rowGroup, let count):
            return "row group \(rowGroup) does not exist (the file has \(count))"
        case .invalidWrite(_, let detail): return detail
        case .writerClosed(_, let failedEarlier):
            return failedEarlier
                ? "the writer failed earlier and cannot continue" : "the writer is already committed or abandoned"
        }
    }

    public var description: String { "\(file): \(message)" }

    /// The error a format issue found at `place` becomes.
    init(_ issue: FormatIssue, file: String, place: String?) {
        self =
            issue.isUnsupported
            ? .unsupported(file: file, place: place, detail: issue.message)
            : .malformed(file: file, place: place, detail: issue.message)
    }
}
