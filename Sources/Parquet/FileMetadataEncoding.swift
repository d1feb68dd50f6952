// Thrift compact encoding of the footer structs, field ids as in parquet.thrift.

extension FileMetaData {
    func encoded() -> [UInt8] {
        ThriftCompactWriter.encode { w in
            w.i32(1, version)
            w.list(2, of: .structure, count: schema.count)
            for element in schema { w.structElement { element.encode(into: &$0) } }
            w.i64(3, numRows)
            w.list(4, of: .structure, count: rowGroups.count)
            for group in rowGroups { w.structElement { group.encode(into: &$0) } }
            if !keyValueMetadata.isEmpty {
                w.list(5, of: .structure, count: keyValueMetadata.count)
                for pair in keyValueMetadata {
                    w.structElement { kv in
                        kv.string(1, pair.key)
                        kv.string(2, pair.value)
                    }
                }
            }
            if let createdBy { w.string(6, createdBy) }
            if columnOrderCount > 0 {
                // ColumnOrder union, member 1 TYPE_ORDER = empty TypeDefinedOrder struct.
                // Without it pyarrow hides every min/max statistic.
                w.list(7, of: .structure, count: columnOrderCount)
                for _ in 0..<columnOrderCount {
                    w.structElement { $0.structure(1) { _ in } }
                }
            }
        }
    }
}

extension SchemaElement {
    func encode(into w: inout ThriftCompactWriter) {
        if let type { w.i32(1, type) }
        if let repetition { w.i32(3, repetition) }
        w.string(4, name)
        if let numChildren { w.i32(5, numChildren) }
        if let convertedType { w.i32(6, convertedType) }
        if let logicalType {
            w.structure(10) { union in
                switch logicalType {
                case .string: union.structure(1) { _ in }
                case .enumeration: union.structure(4) { _ in }
                case .json: union.structure(12) { _ in }
                case .integer(let bitWidth, let signed):
                    union.structure(10) { int in
                        int.i8(1, bitWidth)
                        int.bool(2, signed)
                    }
                case .other(let id): union.structure(id) { _ in }
                }
            }
        }
    }
}

extension RowGroup {
    func encode(into w: inout ThriftCompactWriter) {
        w.list(1, of: .structure, count: columns.count)
        for chunk in columns { w.structElement { chunk.encode(into: &$0) } }
        w.i64(2, totalByteSize)
        w.i64(3, numRows)
        if let fileOffset { w.i64(5, fileOffset) }
        if let totalCompressedSize { w.i64(6, totalCompressedSize) }
    }
}

extension ColumnChunk {
    func encode(into w: inout ThriftCompactWriter) {
        if let filePath { w.string(1, filePath) }
        // Deprecated but required: pyarrow and duckdb reject a chunk without it.
        w.i64(2, fileOffset)
        if let metaData { w.structure(3) { metaData.encode(into: &$0) } }
    }
}

extension ColumnMetaData {
    func encode(into w: inout ThriftCompactWriter) {
        w.i32(1, type)
        w.list(2, of: .i32, count: encodings.count)
        for encoding in encodings { w.i32Element(encoding) }
        w.list(3, of: .binary, count: path.count)
        for part in path { w.stringElement(part) }
        w.i32(4, codec)
        w.i64(5, numValues)
        w.i64(6, totalUncompressedSize)
        w.i64(7, totalCompressedSize)
        w.i64(9, dataPageOffset)
        if let dictionaryPageOffset { w.i64(11, dictionaryPageOffset) }
        if let statistics { w.structure(12) { statistics.encode(into: &$0) } }
    }
}

extension Statistics {
    func encode(into w: inout ThriftCompactWriter) {
        if let legacyMax { w.binary(1, legacyMax) }
        if let legacyMin { w.binary(2, legacyMin) }
        if let nullCount { w.i64(3, nullCount) }
        if let maxValue { w.binary(5, maxValue) }
        if let minValue { w.binary(6, minValue) }
    }
}
