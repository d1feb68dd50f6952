// Thrift compact decoding of the footer structs. Fields are matched by id and type, so a
// field of an unexpected type is skipped like an unknown one. Only the fields this module
// uses are required.

private func required<T>(_ value: T?, _ field: String, of structure: String) throws -> T {
    guard let value else { throw FormatIssue("\(structure) lacks required field \(field)") }
    return value
}

extension FileMetaData {
    static func decode(_ bytes: [UInt8]) throws -> FileMetaData {
        var r = ThriftCompactReader(bytes: bytes)
        var version: Int32?
        var schema: [SchemaElement]?
        var numRows: Int64?
        var rowGroups: [RowGroup]?
        var keyValues: [(key: String, value: String)] = []
        var createdBy: String?
        var columnOrderCount = 0
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .i32): version = try r.readI32()
            case (2, .list):
                var elements: [SchemaElement] = []
                try r.readList { r, t in
                    guard t == .structure else { throw FormatIssue("schema list holds non-structs") }
                    elements.append(try SchemaElement.decode(&r))
                }
                schema = elements
            case (3, .i64): numRows = try r.readI64()
            case (4, .list):
                var groups: [RowGroup] = []
                try r.readList { r, t in
                    guard t == .structure else { throw FormatIssue("row group list holds non-structs") }
                    groups.append(try RowGroup.decode(&r))
                }
                rowGroups = groups
            case (5, .list):
                try r.readList { r, t in
                    guard t == .structure else { throw FormatIssue("key-value list holds non-structs") }
                    var key: String?
                    var value = ""
                    try r.readStruct { r, id, type in
                        switch (id, type) {
                        case (1, .binary): key = try r.readString()
                        case (2, .binary): value = try r.readString()
                        default: try r.skip(type)
                        }
                    }
                    keyValues.append((key: try required(key, "key", of: "KeyValue"), value: value))
                }
            case (6, .binary): createdBy = try r.readString()
            case (7, .list):
                try r.readList { r, t in
                    try r.skip(t)
                    columnOrderCount += 1
                }
            default: try r.skip(type)
            }
        }
        return FileMetaData(
            version: try required(version, "version", of: "FileMetaData"),
            schema: try required(schema, "schema", of: "FileMetaData"),
            numRows: try required(numRows, "num_rows", of: "FileMetaData"),
            rowGroups: try required(rowGroups, "row_groups", of: "FileMetaData"),
            keyValueMetadata: keyValues,
            createdBy: createdBy,
            columnOrderCount: columnOrderCount
        )
    }
}

extension SchemaElement {
    static func decode(_ r: inout ThriftCompactReader) throws -> SchemaElement {
        var element = SchemaElement(name: "")
        var name: String?
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .i32): element.type = try r.readI32()
            case (2, .i32): element.typeLength = try r.readI32()
            case (3, .i32): element.repetition = try r.readI32()
            case (4, .binary): name = try r.readString()
            case (5, .i32): element.numChildren = try r.readI32()
            case (6, .i32): element.convertedType = try r.readI32()
            case (10, .structure): element.logicalType = try LogicalType.decode(&r)
            default: try r.skip(type)
            }
        }
        element.name = try required(name, "name", of: "SchemaElement")
        return element
    }
}

extension LogicalType {
    static func decode(_ r: inout ThriftCompactReader) throws -> LogicalType? {
        var result: LogicalType?
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .structure):
                try r.skip(type)
                result = .string
            case (4, .structure):
                try r.skip(type)
                result = .enumeration
            case (12, .structure):
                try r.skip(type)
                result = .json
            case (10, .structure):
                var bitWidth: Int8?
                var signed: Bool?
                try r.readStruct { r, id, type in
                    switch (id, type) {
                    case (1, .i8): bitWidth = try r.readI8()
                    case (2, .boolTrue), (2, .boolFalse): signed = r.readBool(type)
                    default: try r.skip(type)
                    }
                }
                result = .integer(
                    bitWidth: try required(bitWidth, "bitWidth", of: "IntType"),
                    signed: try required(signed, "isSigned", of: "IntType")
                )
            default:
                try r.skip(type)
                result = .other(id)
            }
        }
        return result
    }
}

extension RowGroup {
    static func decode(_ r: inout ThriftCompactReader) throws -> RowGroup {
        var columns: [ColumnChunk]?
        var totalByteSize: Int64 = 0
        var numRows: Int64?
        var fileOffset: Int64?
        var totalCompressedSize: Int64?
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .list):
                var chunks: [ColumnChunk] = []
                try r.readList { r, t in
                    guard t == .structure else { throw FormatIssue("column chunk list holds non-structs") }
                    chunks.append(try ColumnChunk.decode(&r))
                }
                columns = chunks
            case (2, .i64): totalByteSize = try r.readI64()
            case (3, .i64): numRows = try r.readI64()
            case (5, .i64): fileOffset = try r.readI64()
            case (6, .i64): totalCompressedSize = try r.readI64()
            default: try r.skip(type)
            }
        }
        return RowGroup(
            columns: try required(columns, "columns", of: "RowGroup"),
            totalByteSize: totalByteSize,
            numRows: try required(numRows, "num_rows", of: "RowGroup"),
            fileOffset: fileOffset,
            totalCompressedSize: totalCompressedSize
        )
    }
}

extension ColumnChunk {
    static func decode(_ r: inout ThriftCompactReader) throws -> ColumnChunk {
        var chunk = ColumnChunk(filePath: nil, fileOffset: 0, metaData: nil)
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .binary): chunk.filePath = try r.readString()
            case (2, .i64): chunk.fileOffset = try r.readI64()
            case (3, .structure): chunk.metaData = try ColumnMetaData.decode(&r)
            default: try r.skip(type)
            }
        }
        return chunk
    }
}

extension ColumnMetaData {
    static func decode(_ r: inout ThriftCompactReader) throws -> ColumnMetaData {
        var type: Int32?
        var encodings: [Int32] = []
        var path: [String] = []
        var codec: Int32?
        var numValues: Int64?
        var totalUncompressed: Int64 = 0
        var totalCompressed: Int64?
        var dataPageOffset: Int64?
        var dictionaryPageOffset: Int64?
        var statistics: Statistics?
        try r.readStruct { r, id, fieldType in
            switch (id, fieldType) {
            case (1, .i32): type = try r.readI32()
            case (2, .list): encodings = try r.readI32List()
            case (3, .list): path = try r.readStringList()
            case (4, .i32): codec = try r.readI32()
            case (5, .i64): numValues = try r.readI64()
            case (6, .i64): totalUncompressed = try r.readI64()
            case (7, .i64): totalCompressed = try r.readI64()
            case (9, .i64): dataPageOffset = try r.readI64()
            case (11, .i64): dictionaryPageOffset = try r.readI64()
            case (12, .structure): statistics = try Statistics.decode(&r)
            default: try r.skip(fieldType)
            }
        }
        return ColumnMetaData(
            type: try required(type, "type", of: "ColumnMetaData"),
            encodings: encodings,
            path: path,
            codec: try required(codec, "codec", of: "ColumnMetaData"),
            numValues: try required(numValues, "num_values", of: "ColumnMetaData"),
            totalUncompressedSize: totalUncompressed,
            totalCompressedSize: try required(totalCompressed, "total_compressed_size", of: "ColumnMetaData"),
            dataPageOffset: try required(dataPageOffset, "data_page_offset", of: "ColumnMetaData"),
            dictionaryPageOffset: dictionaryPageOffset,
            statistics: statistics
        )
    }
}

extension Statistics {
    static func decode(_ r: inout ThriftCompactReader) throws -> Statistics {
        var stats = Statistics()
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .binary): stats.legacyMax = try r.readBinary()
            case (2, .binary): stats.legacyMin = try r.readBinary()
            case (3, .i64): stats.nullCount = try r.readI64()
            case (5, .binary): stats.maxValue = try r.readBinary()
            case (6, .binary): stats.minValue = try r.readBinary()
            default: try r.skip(type)
            }
        }
        return stats
    }
}
