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

/// Every failure of the Parquet reader and writer; the message names the file and, where
/// known, the column, row group and byte offset involved.
public struct ParquetError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}
