import Foundation
import SplitMix
import Testing

@testable import Parquet

@Suite("Parquet write then read")
struct RoundTripTests {
    static let kinds: [(type: ParquetType, nullable: Bool, dictionary: Bool)] = [
        (.int8, false, false), (.int8, true, false), (.int8, false, true), (.int8, true, true),
        (.int32, false, false), (.int32, true, false), (.int32, false, true), (.int32, true, true),
        (.int64, false, false), (.int64, true, false), (.int64, false, true), (.int64, true, true),
        (.string, false, false), (.string, true, false), (.string, false, true), (.string, true, true),
    ]

    /// Values of `type` for `rows` rows; every third row null when `nullable`; a few distinct
    /// values so dictionaries stay small, plus the type's extremes.
    static func sample(_ type: ParquetType, rows: Int, nullable: Bool, seed: UInt64) -> ColumnValues {
        var random = SplitMix64Generator(state: seed)
        func isNull(_ row: Int) -> Bool { nullable && row % 3 == 1 }
        switch type {
        case .int8:
            return .int8(
                (0..<rows).map { row in
                    isNull(row)
                        ? nil
                        : row == 0 ? Int8.min : row == 2 ? Int8.max : Int8(truncatingIfNeeded: random.below(9) - 4)
                }
            )
        case .int32:
            return .int32(
                (0..<rows).map { row in
                    isNull(row) ? nil : row == 0 ? Int32.min : row == 2 ? Int32.max : Int32(random.below(40) - 20)
                }
            )
        case .int64:
            return .int64(
                (0..<rows).map { row in
                    isNull(row) ? nil : row == 0 ? Int64.min : row == 2 ? Int64.max : Int64(random.below(40)) - 20
                }
            )
        case .string:
            let words = ["", "a", "Zürich", "naïve", "e\u{301}", "\u{e9}", "日本語", "🙂👍🏽", "tab\tnew\nline", "\u{0}nul"]
            return .string((0..<rows).map { row in isNull(row) ? nil : words[random.below(words.count)] })
        }
    }

    @Test("every type, nullable or not, dictionary or plain, compressed or not, survives a round trip")
    func everyKind() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let columns = Self.kinds.enumerated().map { i, kind in
            ParquetColumn(name: "c\(i)", type: kind.type, nullable: kind.nullable, dictionary: kind.dictionary)
        }
        for compression in [ParquetCompression.none, .zstd(level: 3)] {
            let values = Self.kinds.enumerated().map { i, kind in
                Self.sample(kind.type, rows: 1_000, nullable: kind.nullable, seed: UInt64(i))
            }
            let url = folder.file("kinds-\(compression).parquet")
            let writer = try writeFile(url, columns: columns, groups: [values], compression: compression)
            #expect(writer.rowsWritten == 1_000)
            let reader = try ParquetReader(url: url)
            #expect(reader.columns == columns)
            #expect(reader.rowCount == 1_000)
            #expect(reader.rowGroupCount == 1)
            for (column, expected) in zip(columns, values) {
                #expect(try reader.read(column: column.name) == expected, "column \(column.name) \(compression)")
            }
        }
    }

    @Test("canonically equivalent strings stay distinct in dictionaries and order bytewise in statistics")
    func stringsAreBytes() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // "é" precomposed and decomposed are == as Swift Strings but different Parquet values.
        let values: [String?] = ["\u{e9}", "e\u{301}", "\u{e9}", "e\u{301}", "z"]
        let url = folder.file("canonical.parquet")
        try writeFile(
            url,
            columns: [ParquetColumn(name: "s", type: .string, dictionary: true)],
            groups: [[.string(values)]]
        )
        let reader = try ParquetReader(url: url)
        guard case .string(let read) = try reader.read(column: "s") else {
            Issue.record("not a string column")
            return
        }
        #expect(read.map { Array($0!.utf8) } == values.map { Array($0!.utf8) })
        let stats = reader.statistics(column: "s", rowGroup: 0)
        // Bytewise: "e\u{301}" (0x65...) < "z" (0x7A) < "\u{e9}" (0xC3 0xA9).
        #expect(stats?.min.map { if case .string(let s) = $0 { Array(s.utf8) } else { [] } } == Array("e\u{301}".utf8))
        #expect(stats?.max.map { if case .string(let s) = $0 { Array(s.utf8) } else { [] } } == Array("\u{e9}".utf8))
    }

    @Test("a file with no rows has a schema, metadata and no row groups")
    func emptyFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("empty.parquet")
        let writer = try writeFile(
            url,
            columns: AnnotationFixture.columns,
            groups: [],
            metadata: [(key: "k", value: "v")]
        )
        #expect(writer.rowsWritten == 0)
        let reader = try ParquetReader(url: url)
        #expect(reader.rowCount == 0)
        #expect(reader.rowGroupCount == 0)
        #expect(reader.columns.map(\.name) == AnnotationFixture.columns.map(\.name))
        #expect(reader.metadata.map(\.key) == ["k"])
        #expect(try reader.read(column: "doc_id") == .string([]))
        #expect(try reader.read(column: "accuracy") == .int8([]))
    }

    @Test("an empty row group is skipped rather than written")
    func emptyRowGroup() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("skip.parquet")
        let columns = [ParquetColumn(name: "x", type: .int32)]
        try writeFile(url, columns: columns, groups: [[.int32([])], [.int32([1, 2])], [.int32([])]])
        let reader = try ParquetReader(url: url)
        #expect(reader.rowGroupCount == 1)
        #expect(try reader.read(column: "x") == .int32([1, 2]))
    }

    @Test("several row groups of the annotation schema read back per group and concatenated")
    func annotationRowGroups() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let groups = [
            AnnotationFixture.rowGroup(0..<700), AnnotationFixture.rowGroup(700..<1_900),
            AnnotationFixture.rowGroup(1_900..<1_901),
        ]
        let metadata = [(key: "dataman.version", value: "0.1.0"), (key: "dataman.criteria", value: "sha256:abc")]
        let url = folder.file("annotations.parquet")
        try writeFile(url, columns: AnnotationFixture.columns, groups: groups, metadata: metadata)
        let reader = try ParquetReader(url: url)
        #expect(reader.rowGroupCount == 3)
        #expect(reader.rowCount == 1_901)
        #expect(reader.metadata.map(\.key) == metadata.map(\.key))
        #expect(reader.metadata.map(\.value) == metadata.map(\.value))
        #expect(reader.createdBy == "dataman tests")
        #expect(reader.columns == AnnotationFixture.columns)
        for (index, column) in AnnotationFixture.columns.enumerated() {
            for (g, group) in groups.enumerated() {
                #expect(try reader.read(column: column.name, rowGroup: g) == group[index], "\(column.name) group \(g)")
            }
            #expect(try reader.read(column: column.name) == concatenated(groups, column: index), "\(column.name)")
        }
    }

    @Test("chunks split into many pages, and dictionaries past their limit fall back to PLAIN")
    func multiPageChunks() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let columns = Self.kinds.enumerated().map { i, kind in
            ParquetColumn(name: "c\(i)", type: kind.type, nullable: kind.nullable, dictionary: kind.dictionary)
        }
        // int8 samples hold 11 distinct values and strings 10: within 12 entries; int32/int64 hold 42.
        let limits = PageLimits(
            maxRowsPerPage: 37,
            targetPageBytes: 200,
            maxDictionaryEntries: 12,
            maxDictionaryBytes: 1 << 20
        )
        let groups = (0..<2).map { g in
            Self.kinds.enumerated().map { i, kind in
                Self.sample(kind.type, rows: 1_000 + g, nullable: kind.nullable, seed: UInt64(i * 10 + g))
            }
        }
        let url = folder.file("pages.parquet")
        try writeFile(url, columns: columns, groups: groups, limits: limits)
        let reader = try ParquetReader(url: url)
        for (index, column) in columns.enumerated() {
            #expect(try reader.read(column: column.name) == concatenated(groups, column: index), "\(column.name)")
        }
        #expect(reader.columns.enumerated().filter { $0.element.dictionary }.map(\.offset) == [2, 3, 14, 15])
        let layout = try ChunkLayout(url: url, column: 14, rowGroup: 1)
        #expect(layout.pages.count == 1 + (1_001 + 36) / 37)
    }

    @Test("a large row group is cut into bounded pages")
    func largeRowGroupPages() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let rows = 200_000
        let values: [Int64?] = (0..<rows).map { Int64($0) &* 0x9E37_79B9 }
        let url = folder.file("large.parquet")
        try writeFile(
            url,
            columns: [ParquetColumn(name: "v", type: .int64)],
            groups: [[.int64(values)]],
            compression: .none
        )
        let reader = try ParquetReader(url: url)
        #expect(try reader.read(column: "v") == .int64(values))
        // 200k rows at 65536 rows per page: 4 pages, so 4 page headers around 1.6 MB of values.
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int
        #expect(size > rows * 8 && size < rows * 8 + 1_000)
    }

    @Test("statistics hold null counts and signed or bytewise min and max")
    func statistics() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let columns = [
            ParquetColumn(name: "i8", type: .int8, nullable: true, dictionary: true),
            ParquetColumn(name: "i32", type: .int32),
            ParquetColumn(name: "i64", type: .int64, nullable: true),
            ParquetColumn(name: "s", type: .string, nullable: true),
            ParquetColumn(name: "none", type: .string, nullable: true, dictionary: true),
            ParquetColumn(name: "long", type: .string),
        ]
        let group: [ColumnValues] = [
            .int8([3, nil, -7, 5, nil]),
            .int32([-1, Int32.min, 0, 9, Int32.max]),
            .int64([nil, Int64.max, -2, Int64.min, 0]),
            .string(["b", "a", nil, "ä", "B"]),
            .string([nil, nil, nil, nil, nil]),
            .string(["a", "b", String(repeating: "x", count: 5_000), "c", "d"]),
        ]
        let url = folder.file("stats.parquet")
        try writeFile(url, columns: columns, groups: [group])
        let reader = try ParquetReader(url: url)
        #expect(
            reader.statistics(column: "i8", rowGroup: 0)
                == ColumnStatistics(nullCount: 2, min: .int8(-7), max: .int8(5))
        )
        #expect(
            reader.statistics(column: "i32", rowGroup: 0)
                == ColumnStatistics(nullCount: 0, min: .int32(.min), max: .int32(.max))
        )
        #expect(
            reader.statistics(column: "i64", rowGroup: 0)
                == ColumnStatistics(nullCount: 1, min: .int64(.min), max: .int64(.max))
        )
        #expect(
            reader.statistics(column: "s", rowGroup: 0)
                == ColumnStatistics(nullCount: 1, min: .string("B"), max: .string("ä"))
        )
        #expect(reader.statistics(column: "none", rowGroup: 0) == ColumnStatistics(nullCount: 5, min: nil, max: nil))
        // Like parquet-cpp, min/max longer than 4 KiB are left out rather than truncated.
        #expect(reader.statistics(column: "long", rowGroup: 0) == ColumnStatistics(nullCount: 0, min: nil, max: nil))
        #expect(reader.statistics(column: "missing", rowGroup: 0) == nil)
        #expect(reader.statistics(column: "i8", rowGroup: 1) == nil)
        // An all-null dictionary column is written PLAIN.
        #expect(reader.columns[4].dictionary == false)
        #expect(try reader.read(column: "none") == .string([nil, nil, nil, nil, nil]))
    }

    @Test("single-entry dictionaries use index bit width 0")
    func singleValueDictionary() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("one.parquet")
        let values: [String?] = Array(repeating: "only", count: 100) + [nil]
        try writeFile(
            url,
            columns: [ParquetColumn(name: "s", type: .string, nullable: true, dictionary: true)],
            groups: [[.string(values)]]
        )
        let reader = try ParquetReader(url: url)
        #expect(reader.columns[0].dictionary)
        #expect(try reader.read(column: "s") == .string(values))
    }
}
