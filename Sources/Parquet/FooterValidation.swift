// Checks a decoded footer before any page is read, so that later reads can trust the
// structure: one column chunk per schema leaf, of the leaf's type, consistent row counts, and
// column chunks that lie inside the file.

extension ParquetReader {
    /// The columns `read(column:)` gives: top-level, non-repeated leaves of the types `ParquetType` names, each with
    /// the index of its leaf (and column chunk). Other leaves are left to the row cursor.
    static func legacyColumns(_ leaves: [SchemaLeaf], _ footer: FileMetaData) -> [(column: ParquetColumn, leaf: Int)] {
        leaves.enumerated().compactMap { index, leaf in
            guard leaf.column.path.count == 1, leaf.column.maxRepetitionLevel == 0,
                let type = try? valueType(leaf.element, leaf.physical)
            else { return nil }
            let dictionary = footer.rowGroups.contains { group in
                guard index < group.columns.count, let meta = group.columns[index].metaData else { return false }
                return (meta.dictionaryPageOffset ?? 0) > 0 || meta.encodings.contains(where: Encoding.isDictionary)
            }
            let column = ParquetColumn(
                name: leaf.element.name,
                type: type,
                nullable: leaf.column.maxDefinitionLevel == 1,
                dictionary: dictionary
            )
            return (column, index)
        }
    }

    static func valueType(_ leaf: SchemaElement, _ physical: Int32) throws -> ParquetType {
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

    static func check(_ footer: FileMetaData, leaves: [SchemaLeaf], footerStart: Int) throws {
        guard footer.numRows >= 0 else { throw FormatIssue("negative row count \(footer.numRows)") }
        var total: Int64 = 0
        for (groupIndex, group) in footer.rowGroups.enumerated() {
            let where_ = "row group \(groupIndex)"
            guard group.numRows >= 0 else { throw FormatIssue("\(where_) has a negative row count") }
            let (sum, overflow) = total.addingReportingOverflow(group.numRows)
            guard !overflow else { throw FormatIssue("row counts overflow") }
            total = sum
            guard group.columns.count == leaves.count else {
                throw FormatIssue("\(where_) has \(group.columns.count) column chunks for \(leaves.count) columns")
            }
            for (leaf, chunk) in zip(leaves, group.columns) {
                try checkChunk(
                    chunk,
                    leaf: leaf,
                    rows: group.numRows,
                    where: "\(where_), column '\(leaf.column.dottedPath)'",
                    footerStart: footerStart
                )
            }
        }
        guard total == footer.numRows else {
            throw FormatIssue("the row groups hold \(total) rows, the footer says \(footer.numRows)")
        }
    }

    /// Codecs and encodings are checked when a page is read, so that one column's cannot keep the others from
    /// being read.
    private static func checkChunk(
        _ chunk: ColumnChunk,
        leaf: SchemaLeaf,
        rows: Int64,
        where place: String,
        footerStart: Int
    ) throws {
        guard chunk.filePath == nil else {
            throw FormatIssue.unsupported("\(place) lives in another file, which is not supported")
        }
        guard let meta = chunk.metaData else { throw FormatIssue("\(place) has no column metadata") }
        guard meta.type == leaf.physical else {
            throw FormatIssue(
                "\(place) holds \(PhysicalType.name(meta.type)) data, the schema says \(PhysicalType.name(leaf.physical))"
            )
        }
        guard meta.path.isEmpty || meta.path == leaf.column.path else {
            throw FormatIssue("\(place) has path \(meta.path.joined(separator: "."))")
        }
        // A repeated column holds at least one level per row (an empty list has one), others exactly one.
        guard leaf.column.isRepeated ? meta.numValues >= rows : meta.numValues == rows else {
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
