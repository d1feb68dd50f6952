import Foundation
import Testing

@testable import Parquet

/// The row cursor against files as real writers make them (scripts/interop/write_conformance.py): pyarrow with
/// every codec, dictionary, PLAIN and delta encodings, v1 and v2 pages, one-row and whole-file row groups;
/// polars and DuckDB with several codecs; datatrove's ParquetWriter when installed. Every value of every
/// readable column must equal, byte for byte, what pyarrow reads from the same file.
@Suite(
    "Parquet row cursor on pyarrow, polars, DuckDB and datatrove files",
    .serialized,
    .enabled(
        if: ProcessInfo.processInfo.environment["DATAMAN_SKIP_INTEROP"] != "1",
        "DATAMAN_SKIP_INTEROP=1 is set"
    )
)
struct ConformanceTests {
    struct Manifest: Decodable {
        var files: [File]
        var datatrove: Bool
    }

    struct File: Decodable {
        var file: String
        var columns: [String]
        var repeated: [String]
        var rowGroups: [Int64]
    }

    @Test("every readable value of every file equals pyarrow's; repeated columns are listed and refused")
    func everyValueMatches() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let manifest = try Self.write(folder)
        #expect(manifest.files.count >= 23)
        // datatrove is in scripts/setup.sh's list; its absence would leave FineWeb's writer untested.
        #expect(manifest.datatrove, "datatrove is not installed: run scripts/setup.sh")
        for file in manifest.files {
            let url = folder.file(file.file)
            let expected = try Self.expectedRows(url)
            let reader = try ParquetReader(url: url)
            #expect(reader.leafColumns.filter(\.isReadable).map(\.dottedPath) == file.columns, "\(file.file)")
            #expect(reader.leafColumns.filter(\.isRepeated).map(\.dottedPath) == file.repeated, "\(file.file)")
            #expect((0..<reader.rowGroupCount).map { reader.rowCount(rowGroup: $0) } == file.rowGroups)
            var rows: [[ParquetCell]] = []
            for group in 0..<reader.rowGroupCount {
                let cursor = try reader.rows(rowGroup: group, columns: file.columns)
                var inGroup: Int64 = 0
                while let batch = try cursor.next(maxRows: 97) {
                    #expect(batch.firstRow == inGroup && batch.rowCount > 0, "\(file.file)")
                    #expect(
                        batch.columns.count == file.columns.count
                            && batch.columns.allSatisfy { $0.count == batch.rowCount }
                    )
                    for r in 0..<batch.rowCount { rows.append(batch.columns.map { $0[r] }) }
                    inGroup += Int64(batch.rowCount)
                }
                #expect(inGroup == reader.rowCount(rowGroup: group), "\(file.file) row group \(group)")
                #expect(cursor.bytesRead > 0 && cursor.bytesRead <= reader.compressedSize(rowGroup: group))
            }
            Self.expectSame(rows, expected, file: file)
            for repeated in file.repeated {
                #expect {
                    _ = try reader.rows(rowGroup: 0, columns: ["id", repeated])
                } throws: { error in
                    guard case .unsupported = error as? ParquetError else { return false }
                    return "\(error)".contains(repeated)
                }
            }
        }
    }

    @Test("firstRow lands on the exact row, across page boundaries, without reading the pages before it")
    func firstRowSkipping() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let manifest = try Self.write(folder)
        // One row group each, pages of 512 and 1024 bytes: dictionary-encoded brotli and delta-encoded v2 snappy.
        for name in ["pyarrow_one_group.parquet", "pyarrow_delta_v2.parquet"] {
            let file = try #require(manifest.files.first { $0.file == name })
            let url = folder.file(name)
            let expected = try Self.expectedRows(url)
            let reader = try ParquetReader(url: url)
            let total = reader.rowCount(rowGroup: 0)
            let whole = try reader.rows(rowGroup: 0, columns: file.columns)
            while try whole.next(maxRows: 1000) != nil {}
            for start: Int64 in [1, 63, 64, 777, 1999, total - 1] {
                let cursor = try reader.rows(rowGroup: 0, columns: file.columns, firstRow: start)
                let batch = try #require(try cursor.next(maxRows: 50), "\(name) from \(start)")
                #expect(batch.firstRow == start, "\(name)")
                #expect(batch.rowCount == Int(min(50, total - start)))
                let rows = (0..<batch.rowCount).map { r in batch.columns.map { $0[r] } }
                Self.expectSame(rows, Array(expected[Int(start)..<(Int(start) + batch.rowCount)]), file: file)
                // Without dictionary pages, the pages before the start are all that is skipped, and they are most.
                if name == "pyarrow_delta_v2.parquet" && start == 1999 {
                    #expect(cursor.bytesRead < whole.bytesRead / 3, "\(name): skipped pages were read")
                }
            }
            let past = try reader.rows(rowGroup: 0, columns: file.columns, firstRow: total)
            #expect(try past.next(maxRows: 10) == nil)
        }
    }

    /// One text byte changed inside a page of a checksummed, uncompressed file is text that still
    /// decodes: only the page's CRC-32 tells. The reader refuses the page, naming it.
    @Test func aChangedByteFailsThePagesChecksum() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try Self.write(folder)
        let url = folder.file("pyarrow_checksummed_v2_none.parquet")
        var bytes = try [UInt8](Data(contentsOf: url))
        let marker = Array("document 00100".utf8)
        let at = try #require(
            (0...(bytes.count - marker.count)).first { bytes[$0..<($0 + marker.count)].elementsEqual(marker) }
        )
        bytes[at] = UInt8(ascii: "D")
        let damaged = folder.file("damaged.parquet")
        try Data(bytes).write(to: damaged)
        let reader = try ParquetReader(url: damaged)
        var failure: String?
        do {
            for group in 0..<reader.rowGroupCount {
                let cursor = try reader.rows(rowGroup: group, columns: ["text"])
                while try cursor.next(maxRows: 500) != nil {}
            }
        } catch {
            failure = "\(error)"
        }
        #expect(failure?.contains("fails its CRC-32") == true, "\(failure ?? "no error")")
        #expect(failure?.contains("'text'") == true, "\(failure ?? "no error")")
    }

    // MARK: helpers

    static func write(_ folder: TemporaryFolder) throws -> Manifest {
        let script = InteropTests.scripts.appendingPathComponent("write_conformance.py").path
        let (status, output) = try runCommand(["python3", script, folder.url.path])
        try #require(status == 0, "write_conformance.py failed:\n\(output)")
        return try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: folder.file("manifest.json")))
    }

    /// pyarrow's values, one array of cells per row.
    static func expectedRows(_ url: URL) throws -> [[ParquetCell]] {
        let text = try String(contentsOf: url.appendingPathExtension("jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let values = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any])
            return try values.map { value in
                switch value {
                case is NSNull: return .null
                case let string as String: return .string(string)
                case let invalid as [String: Any]:
                    return .invalidUTF8(byteCount: try #require(invalid["invalid"] as? Int))
                case let number as NSNumber: return .integer(number.int64Value)
                default: throw ExpectationFailure(description: "unexpected JSON value \(value)")
                }
            }
        }
    }

    struct ExpectationFailure: Error, CustomStringConvertible { let description: String }

    /// Compares strings by their UTF-8 bytes (String's == follows canonical equivalence), reporting the first
    /// difference of each column.
    static func expectSame(_ rows: [[ParquetCell]], _ expected: [[ParquetCell]], file: File) {
        #expect(rows.count == expected.count, "\(file.file): \(rows.count) rows, pyarrow has \(expected.count)")
        for (c, column) in file.columns.enumerated() {
            for (r, (got, want)) in zip(rows, expected).enumerated() where !sameBytes(got[c], want[c]) {
                Issue.record("\(file.file) \(column) row \(r): \(got[c]), pyarrow has \(want[c])")
                break
            }
        }
    }

    static func sameBytes(_ a: ParquetCell, _ b: ParquetCell) -> Bool {
        if case .string(let x) = a, case .string(let y) = b { return x.utf8.elementsEqual(y.utf8) }
        return a == b
    }
}
