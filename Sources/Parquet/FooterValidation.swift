// Checks a decoded footer before any page is read, so that later reads can trust the
// structure: a flat schema of supported types, consistent row counts, supported codecs and
// encodings, and column chunks that lie inside the file.

extension ParquetReader {
    static func flatColumns(_ footer: FileMetaData) throws -> [ParquetColumn] {
        guard let root = footer.schema.first else { throw FormatIssue("the schema is empty") }
        let leaves = footer.schema.dropFirst()
        if let group = leaves.first(where: { $0.type == nil || ($0.numChildren ?? 0) > 0 }) {
            throw FormatIssue.unsupported("nested schemas are not supported: '\(group.name)' is a group")
        }
        guard root.type == nil, Int(root.numChildren ?? 0) == leaves.count else {
            throw FormatIssue(
                "the schema root declares \(root.numChildren ?? 0) columns but \(leaves.count) elements follow it"
            )
        }
        var columns: [ParquetColumn] = []
        for (index, leaf) in leaves.enumerated() {
            guard let physical = leaf.type else { throw FormatIssue("column '\(leaf.name)' has no type") }
            let repetition = leaf.repetition ?? Repetition.required
            guard repetition != Repetition.repeated else {
                throw FormatIssue.unsupported("repeated column '\(leaf.name)' is not supported")
            }
            let dictionary = footer.rowGroups.contains { group in
                guard index < group.columns.count, let meta = group.columns[index].metaData else { return false }
                return (meta.dictionaryPageOffset ?? 0) > 0 || meta.encodings.contains(where: Encoding.isDictionary)
            }
            columns.append(
                ParquetColumn(
                    name: leaf.name,
                    type: try valueType(leaf, physical),
                    nullable: repetition == Repetition.optional,
                    dictionary: dictionary
                )
            )
        }
        return columns
    }

    private static func valueType(_ leaf: SchemaElement, _ physical: Int32) throws -> ParquetType {
        let logical = leaf.logicalType
        let converted = leaf.convertedType
        func unsupported() -> FormatIssue {
            var annotation = ""
            if let logical {
                annotation = " annotated \(logical)"
            } else if let converted {
                annotation = " with converted type \(converted)"
            }
            return FormatIssue.unsupported(
                "column '\(leaf.name)' has unsupported type \(PhysicalType.name(physical))\(annotation)"
            )
        }
        switch physical {
        case PhysicalType.int32:
            switch (logical, converted) {
            case (.integer(8, true), _), (nil, ConvertedType.int8): return .int8
            case (.integer(32, true), _), (nil, nil), (nil, ConvertedType.int32): return .int32
            default: throw unsupported()
            }
        case PhysicalType.int64:
            switch (logical, converted) {
            case (.integer(64, true), _), (nil, nil), (nil, ConvertedType.int64): return .int64
            default: throw unsupported()
            }
        case PhysicalType.byteArray:
            switch (logical, converted) {
            case (.string, _), (.enumeration, _), (.json, _), (nil, nil),
                (nil, ConvertedType.utf8), (nil, ConvertedType.enumeration), (nil, ConvertedType.json):
                return .string
            default: throw unsupported()
            }
        default:
            throw unsupported()
        }
    }

    static func check(_ footer: FileMetaData, columns: [ParquetColumn], footerStart: Int) throws {
        guard footer.numRows >= 0 else { throw FormatIssue("negative row count \(footer.numRows)") }
        var total: Int64 = 0
        for (groupIndex, group) in footer.rowGroups.enumerated() {
            let where_ = "row group \(groupIndex)"
            guard group.numRows >= 0 else { throw FormatIssue("\(where_) has a negative row count") }
            let (sum, overflow) = total.addingReportingOverflow(group.numRows)
            guard !overflow else { throw FormatIssue("row counts overflow") }
            total = sum
            guard group.columns.count == columns.count else {
                throw FormatIssue("\(where_) has \(group.columns.count) column chunks for \(columns.count) columns")
            }
            for (column, chunk) in zip(columns, group.columns) {
                try checkChunk(
                    chunk,
                    column: column,
                    rows: group.numRows,
                    where: "\(where_), column '\(column.name)'",
                    footerStart: footerStart
                )
            }
        }
        guard total == footer.numRows else {
            throw FormatIssue("the row groups hold \(total) rows, the footer says \(footer.numRows)")
        }
    }

    private static func checkChunk(
        _ chunk: ColumnChunk,
        column: ParquetColumn,
        rows: Int64,
        where place: String,
        footerStart: Int
    ) throws {
        guard chunk.filePath == nil else {
            throw FormatIssue.unsupported("\(place) lives in another file, which is not supported")
        }
        guard let meta = chunk.metaData else { throw FormatIssue("\(place) has no column metadata") }
        guard meta.codec == CompressionCodec.uncompressed || meta.codec == CompressionCodec.zstd else {
            throw FormatIssue.unsupported(
                "unsupported compression \(CompressionCodec.name(meta.codec)) in column '\(column.name)'; write with compression='zstd'"
            )
        }
        let supported: Set<Int32> = [
            Encoding.plain, Encoding.plainDictionary, Encoding.rle, Encoding.rleDictionary, Encoding.bitPacked,
        ]
        if let encoding = meta.encodings.first(where: { !supported.contains($0) }) {
            throw FormatIssue.unsupported("unsupported encoding \(Encoding.name(encoding)) in column '\(column.name)'")
        }
        guard meta.type == physicalType(column.type) else {
            throw FormatIssue(
                "\(place) holds \(PhysicalType.name(meta.type)) data, the schema says \(PhysicalType.name(physicalType(column.type)))"
            )
        }
        guard meta.path.isEmpty || meta.path == [column.name] else {
            throw FormatIssue("\(place) has path \(meta.path.joined(separator: "."))")
        }
        guard meta.numValues == rows else {
            throw FormatIssue("\(place) holds \(meta.numValues) values for \(rows) rows")
        }
        let start = Int64(chunkStart(meta))
        guard start >= 4, meta.totalCompressedSize >= 0, start <= Int64(footerStart),
            meta.totalCompressedSize <= Int64(footerStart) - start
        else {
            throw FormatIssue(
                "\(place) claims bytes \(start)+\(meta.totalCompressedSize), outside the data region 4..<\(footerStart)"
            )
        }
    }
}
