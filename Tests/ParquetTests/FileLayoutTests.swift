import Foundation
import Testing

@testable import Parquet

/// Checks the byte-level details other readers depend on (parquet.md §1): offsets, exact
/// page sizes, the fields a footer must carry.
@Suite("Parquet file layout")
struct FileLayoutTests {
    @Test("chunk offsets and sizes match the pages actually written")
    func offsetsAndSizes() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("layout.parquet")
        let limits = PageLimits(maxRowsPerPage: 300)
        let groups = [AnnotationFixture.rowGroup(0..<1_000), AnnotationFixture.rowGroup(1_000..<1_500)]
        try writeFile(url, columns: AnnotationFixture.columns, groups: groups, limits: limits)

        var previousEnd = 4
        for g in groups.indices {
            for (c, column) in AnnotationFixture.columns.enumerated() {
                let layout = try ChunkLayout(url: url, column: c, rowGroup: g)
                let meta = layout.meta
                let place = "group \(g) column \(column.name)"
                // Chunks follow each other with no gap, starting right after "PAR1".
                #expect(layout.pages.first?.offset == previousEnd, "\(place)")
                #expect(layout.end == previousEnd + Int(meta.totalCompressedSize), "\(place)")
                previousEnd = layout.end
                #expect(layout.footer.rowGroups[g].columns[c].fileOffset == Int64(layout.pages[0].offset), "\(place)")

                let dataPages = layout.pages.filter { $0.header.type == PageHeader.Kind.dataPage.rawValue }
                let dictionaryPages = layout.pages.filter { $0.header.type == PageHeader.Kind.dictionaryPage.rawValue }
                #expect(dataPages.count + dictionaryPages.count == layout.pages.count, "\(place)")
                if column.dictionary {
                    #expect(dictionaryPages.count == 1 && layout.pages[0].header.dictionaryPage != nil, "\(place)")
                    #expect(meta.dictionaryPageOffset == Int64(layout.pages[0].offset), "\(place)")
                    #expect(meta.encodings.contains(Encoding.rleDictionary), "\(place)")
                } else {
                    #expect(dictionaryPages.isEmpty && meta.dictionaryPageOffset == nil, "\(place)")
                }
                // data_page_offset points at the first data page, after any dictionary page.
                #expect(meta.dataPageOffset == Int64(dataPages[0].offset), "\(place)")
                let rows = groups[g][c].count
                #expect(dataPages.map { Int($0.header.dataPage!.numValues) }.reduce(0, +) == rows, "\(place)")
                #expect(dataPages.allSatisfy { $0.header.dataPage!.numValues <= 300 }, "\(place)")
                #expect(meta.numValues == Int64(rows), "\(place)")
                let uncompressed = layout.pages.map { $0.headerSize + Int($0.header.uncompressedPageSize) }.reduce(0, +)
                #expect(meta.totalUncompressedSize == Int64(uncompressed), "\(place)")
                #expect(meta.codec == CompressionCodec.zstd, "\(place)")
                #expect(meta.path == [column.name], "\(place)")
            }
            let group = try ChunkLayout(url: url, column: 0, rowGroup: g).footer.rowGroups[g]
            #expect(group.fileOffset == group.columns[0].fileOffset)
            #expect(group.numRows == Int64(groups[g][0].count))
        }
    }

    @Test("the footer carries version, column orders, logical types and created_by")
    func footerFields() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("footer.parquet")
        try writeFile(
            url,
            columns: AnnotationFixture.columns,
            groups: [AnnotationFixture.rowGroup(0..<10)],
            metadata: [(key: "a", value: "1")]
        )
        let footer = try ChunkLayout(url: url, column: 0, rowGroup: 0).footer
        #expect(footer.version == 1)
        #expect(footer.columnOrderCount == AnnotationFixture.columns.count)
        #expect(footer.createdBy == "dataman tests")
        #expect(footer.schema.count == AnnotationFixture.columns.count + 1)
        #expect(footer.schema[0].numChildren == Int32(AnnotationFixture.columns.count))
        let accuracy = footer.schema.first { $0.name == "accuracy" }!
        #expect(accuracy.type == PhysicalType.int32)
        #expect(accuracy.repetition == Repetition.optional)
        #expect(accuracy.logicalType == .integer(bitWidth: 8, signed: true))
        #expect(accuracy.convertedType == ConvertedType.int8)
        let docID = footer.schema.first { $0.name == "doc_id" }!
        #expect(docID.repetition == Repetition.required)
        #expect(docID.logicalType == .string && docID.convertedType == ConvertedType.utf8)
    }

    @Test("IntType.bitWidth is a raw byte, not a varint")
    func int8BitWidthIsRawByte() throws {
        let element = SchemaElement(
            type: PhysicalType.int32,
            repetition: Repetition.optional,
            name: "r",
            convertedType: ConvertedType.int8,
            logicalType: .integer(bitWidth: 8, signed: true)
        )
        let bytes = ThriftCompactWriter.encode { element.encode(into: &$0) }
        // 0x4C: field 10 (delta 4 from converted_type) struct; 0xAC: union member 10 INTEGER;
        // 0x13 0x08: i8 field 1 = 8 as one raw byte; 0x11: bool field 2 true; then three stops.
        #expect(Array(bytes.suffix(8)) == [0x4C, 0xAC, 0x13, 0x08, 0x11, 0x00, 0x00, 0x00])
    }

    @Test("writing the same rows twice gives identical bytes")
    func deterministic() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let a = folder.file("a.parquet")
        let b = folder.file("b.parquet")
        for url in [a, b] {
            try writeFile(url, columns: AnnotationFixture.columns, groups: [AnnotationFixture.rowGroup(0..<500)])
        }
        #expect(try Data(contentsOf: a) == Data(contentsOf: b))
    }
}
