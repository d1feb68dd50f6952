import Foundation
import SplitMix
import Testing

@testable import Parquet

/// Damaged files must give a ParquetError naming the file, never a crash or a huge allocation.
@Suite("Parquet reader on damaged input")
struct CorruptInputTests {
    /// Opens `url` and reads every column and statistic, and every row through the row cursor. Returns the error, if any; any error
    /// other than ParquetError is recorded as an issue.
    @discardableResult
    static func readEverything(_ url: URL) -> ParquetError? {
        do {
            let reader = try ParquetReader(url: url)
            for column in reader.columns {
                _ = try reader.read(column: column.name)
                for group in 0..<reader.rowGroupCount { _ = reader.statistics(column: column.name, rowGroup: group) }
            }
            // The row cursor reads the same pages its own way.
            let readable = reader.leafColumns.filter(\.isReadable).map(\.dottedPath)
            for group in 0..<reader.rowGroupCount {
                let cursor = try reader.rows(rowGroup: group, columns: readable)
                while try cursor.next(maxRows: 100) != nil {}
            }
            return nil
        } catch let error as ParquetError {
            #expect(error.file == url.path)
            return error
        } catch {
            Issue.record("\(url.lastPathComponent): error of type \(type(of: error)): \(error)")
            return nil
        }
    }

    static func validFile(_ url: URL, compression: ParquetCompression) throws -> [UInt8] {
        try writeFile(
            url,
            columns: AnnotationFixture.columns,
            groups: [AnnotationFixture.rowGroup(0..<40), AnnotationFixture.rowGroup(40..<64)],
            metadata: [(key: "k", value: "v")],
            compression: compression,
            limits: PageLimits(maxRowsPerPage: 16)
        )
        return [UInt8](try Data(contentsOf: url))
    }

    @Test("files that are not Parquet, or lost their footer, are named as such")
    func notParquet() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let cases: [(name: String, bytes: [UInt8], message: String)] = [
            ("empty", [], "too short"),
            ("text", Array(#"{"id": 1, "text": "hello"}"#.utf8), "no PAR1 magic at byte 0"),
            ("magic-only", Array("PAR1PAR1PAR1".utf8), "footer length"),
        ]
        for c in cases {
            let url = folder.file(c.name)
            try Data(c.bytes).write(to: url)
            let error = Self.readEverything(url)
            #expect(error?.message.contains(c.message) == true, "\(c.name): \(String(describing: error))")
        }
        let valid = try Self.validFile(folder.file("valid.parquet"), compression: .zstd(level: 3))
        let truncated = folder.file("truncated.parquet")
        try Data(valid.dropLast(1)).write(to: truncated)
        #expect(Self.readEverything(truncated)?.message.contains("no PAR1 magic at the end") == true)
        var hugeFooter = valid
        hugeFooter[valid.count - 5] = 0x7F
        let huge = folder.file("huge-footer.parquet")
        try Data(hugeFooter).write(to: huge)
        #expect(Self.readEverything(huge)?.message.contains("exceeds") == true)
        #expect(throws: ParquetError.self) { try ParquetReader(url: folder.file("missing.parquet")) }
    }

    @Test("truncating a valid file anywhere gives an error", arguments: [ParquetCompression.none, .zstd(level: 3)])
    func truncation(compression: ParquetCompression) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let valid = try Self.validFile(folder.file("valid.parquet"), compression: compression)
        #expect(Self.readEverything(folder.file("valid.parquet")) == nil)
        let url = folder.file("cut.parquet")
        for length in stride(from: 0, to: valid.count, by: 7) {
            try Data(valid[0..<length]).write(to: url)
            #expect(Self.readEverything(url) != nil, "truncated at \(length)")
        }
    }

    @Test(
        "flipping bytes of a valid file never crashes the reader",
        arguments: [ParquetCompression.none, .zstd(level: 3)]
    )
    func byteFlips(compression: ParquetCompression) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let valid = try Self.validFile(folder.file("valid.parquet"), compression: compression)
        let footerStart = valid.count - 8 - (Int(valid[valid.count - 8]) | Int(valid[valid.count - 7]) << 8)
        // Every byte of the footer, where one flip can reshape the whole file; every third byte of the pages.
        let positions = Array(stride(from: 0, to: footerStart, by: 3)) + Array(footerStart..<valid.count)
        var random = SplitMix64Generator(state: 42)
        let url = folder.file("flipped.parquet")
        var failures = 0
        for position in positions {
            var damaged = valid
            damaged[position] ^= UInt8(1 + random.below(255))
            try Data(damaged).write(to: url)
            if Self.readEverything(url) != nil { failures += 1 }
        }
        // Many flips are detected; some (a value byte of an uncompressed page) cannot be.
        #expect(failures > positions.count / 4)
    }

    @Test("hostile footers with absurd counts and deep nesting fail without allocating")
    func hostileFooters() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        func fileWithFooter(_ footer: [UInt8]) -> [UInt8] {
            var bytes = Array("PAR1".utf8) + footer
            PlainEncoding.appendLength(footer.count, into: &bytes)
            return bytes + Array("PAR1".utf8)
        }
        // version 1, schema: list of 2^32-1 structs
        let hugeList: [UInt8] = [0x15, 0x02, 0x19, 0xFC, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]
        let deep = [UInt8](repeating: 0x1C, count: 10_000)  // struct field 1 inside struct field 1 ...
        let longVarint: [UInt8] = [0x16] + [UInt8](repeating: 0xFF, count: 20)  // i64 field 1 with an endless varint
        for (name, footer) in [("huge-list", hugeList), ("deep", deep), ("varint", longVarint)] {
            let url = folder.file(name)
            try Data(fileWithFooter(footer)).write(to: url)
            #expect(Self.readEverything(url)?.message.contains("corrupt footer") == true, "\(name)")
        }
    }
}
