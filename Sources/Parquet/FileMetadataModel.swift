import Codecs

// The parts of parquet.thrift this module reads and writes. Enum-like fields stay Int32 so
// that values this module does not know survive decoding and can be named in errors.

enum PhysicalType {
    static let int32: Int32 = 1
    static let int64: Int32 = 2
    static let byteArray: Int32 = 6
    static let fixedLenByteArray: Int32 = 7

    static func name(_ raw: Int32) -> String {
        switch raw {
        case 0: "BOOLEAN"
        case 1: "INT32"
        case 2: "INT64"
        case 3: "INT96"
        case 4: "FLOAT"
        case 5: "DOUBLE"
        case 6: "BYTE_ARRAY"
        case 7: "FIXED_LEN_BYTE_ARRAY"
        default: "type \(raw)"
        }
    }
}

enum Encoding {
    static let plain: Int32 = 0
    static let plainDictionary: Int32 = 2
    static let rle: Int32 = 3
    /// Deprecated level encoding; old writers list it even for columns without levels.
    static let bitPacked: Int32 = 4
    static let rleDictionary: Int32 = 8
    static let deltaBinaryPacked: Int32 = 5
    static let deltaLengthByteArray: Int32 = 6
    static let deltaByteArray: Int32 = 7

    static func isDictionary(_ raw: Int32) -> Bool { raw == plainDictionary || raw == rleDictionary }

    static func name(_ raw: Int32) -> String {
        switch raw {
        case 0: "PLAIN"
        case 2: "PLAIN_DICTIONARY"
        case 3: "RLE"
        case 4: "BIT_PACKED"
        case 5: "DELTA_BINARY_PACKED"
        case 6: "DELTA_LENGTH_BYTE_ARRAY"
        case 7: "DELTA_BYTE_ARRAY"
        case 8: "RLE_DICTIONARY"
        case 9: "BYTE_STREAM_SPLIT"
        default: "encoding \(raw)"
        }
    }
}

enum CompressionCodec {
    static let uncompressed: Int32 = 0
    static let zstd: Int32 = 6

    /// The block codec that decompresses pages of this codec; nil for UNCOMPRESSED and for codecs
    /// this reader does not read (LZO, unknown ones).
    static func block(_ raw: Int32) -> BlockCodec? {
        switch raw {
        case 1: .snappy
        case 2: .gzip
        case 4: .brotli
        case 5: .lz4Hadoop
        case 6: .zstd
        case 7: .lz4Raw
        default: nil
        }
    }

    static func name(_ raw: Int32) -> String {
        switch raw {
        case 0: "UNCOMPRESSED"
        case 1: "SNAPPY"
        case 2: "GZIP"
        case 3: "LZO"
        case 4: "BROTLI"
        case 5: "LZ4"
        case 6: "ZSTD"
        case 7: "LZ4_RAW"
        default: "codec \(raw)"
        }
    }
}

enum Repetition {
    static let required: Int32 = 0
    static let optional: Int32 = 1
    static let repeated: Int32 = 2
}

enum ConvertedType {
    static let utf8: Int32 = 0
    static let map: Int32 = 1
    static let mapKeyValue: Int32 = 2
    static let list: Int32 = 3
    /// UINT_8, UINT_16, UINT_32, UINT_64.
    static let unsigned: ClosedRange<Int32> = 11...14
    static let enumeration: Int32 = 4
    static let json: Int32 = 19
    static let int8: Int32 = 15
    static let int16: Int32 = 16
    static let int32: Int32 = 17
    static let int64: Int32 = 18

    static func name(_ raw: Int32) -> String {
        let names = [
            "UTF8", "MAP", "MAP_KEY_VALUE", "LIST", "ENUM", "DECIMAL", "DATE", "TIME_MILLIS", "TIME_MICROS",
            "TIMESTAMP_MILLIS", "TIMESTAMP_MICROS", "UINT_8", "UINT_16", "UINT_32", "UINT_64", "INT_8", "INT_16",
            "INT_32", "INT_64", "JSON", "BSON", "INTERVAL",
        ]
        return raw >= 0 && Int(raw) < names.count ? names[Int(raw)] : "converted type \(raw)"
    }
}

/// The LogicalType union, reduced to the members this module interprets.
enum LogicalType: Equatable {
    case string
    case enumeration
    case json
    case integer(bitWidth: Int8, signed: Bool)
    /// Any other member, by its union field id (DATE, TIMESTAMP, DECIMAL, ...).
    case other(Int16)

    static let mapID: Int16 = 2
    static let listID: Int16 = 3

    var name: String {
        switch self {
        case .string: return "STRING"
        case .enumeration: return "ENUM"
        case .json: return "JSON"
        case .integer(let bitWidth, let signed): return "INTEGER(\(bitWidth),\(signed ? "signed" : "unsigned"))"
        case .other(let id):
            let names: [Int16: String] = [
                2: "MAP", 3: "LIST", 5: "DECIMAL", 6: "DATE", 7: "TIME", 8: "TIMESTAMP", 11: "NULL", 13: "BSON",
                14: "UUID", 15: "FLOAT16", 16: "VARIANT", 17: "GEOMETRY", 18: "GEOGRAPHY",
            ]
            return names[id] ?? "logical type \(id)"
        }
    }
}

struct SchemaElement {
    var type: Int32?
    /// The byte length of a FIXED_LEN_BYTE_ARRAY.
    var typeLength: Int32?
    var repetition: Int32?
    var name: String
    var numChildren: Int32?
    var convertedType: Int32?
    var logicalType: LogicalType?
}

struct Statistics {
    var legacyMax: [UInt8]?
    var legacyMin: [UInt8]?
    var nullCount: Int64?
    var maxValue: [UInt8]?
    var minValue: [UInt8]?
}

struct ColumnMetaData {
    var type: Int32
    var encodings: [Int32]
    var path: [String]
    var codec: Int32
    var numValues: Int64
    var totalUncompressedSize: Int64
    var totalCompressedSize: Int64
    var dataPageOffset: Int64
    var dictionaryPageOffset: Int64?
    var statistics: Statistics?
}

struct ColumnChunk {
    var filePath: String?
    var fileOffset: Int64
    var metaData: ColumnMetaData?
}

struct RowGroup {
    var columns: [ColumnChunk]
    var totalByteSize: Int64
    var numRows: Int64
    var fileOffset: Int64?
    var totalCompressedSize: Int64?
}

struct FileMetaData {
    var version: Int32
    var schema: [SchemaElement]
    var numRows: Int64
    var rowGroups: [RowGroup]
    var keyValueMetadata: [(key: String, value: String)]
    var createdBy: String?
    /// Number of TypeDefinedOrder entries; the writer emits one per leaf so readers trust min/max.
    var columnOrderCount: Int
}
