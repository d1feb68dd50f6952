import Foundation
import Testing

@testable import Parquet

/// Checks our files against pyarrow, polars and duckdb, and our reader against their files,
/// through the scripts in scripts/interop/. Missing Python modules fail the tests (run
/// scripts/setup.sh) unless DATAMAN_SKIP_INTEROP=1 is set, which skips them.
@Suite(
    "Parquet interoperability with pyarrow, polars and duckdb",
    .serialized,
    .enabled(
        if: ProcessInfo.processInfo.environment["DATAMAN_SKIP_INTEROP"] != "1",
        "DATAMAN_SKIP_INTEROP=1 is set"
    )
)
struct InteropTests {
    static let scripts = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/interop")

    @Test("python readers accept our annotation files with every value, type, statistic and metadata")
    func othersReadOurFiles() throws {
        try requirePythonModules()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let metadata = [(key: "dataman.version", value: "0.1.0"), (key: "dataman.rater", value: "heuristic/ü")]
        let annotationGroups = [
            AnnotationFixture.rowGroup(0..<800), AnnotationFixture.rowGroup(800..<2_000),
            AnnotationFixture.rowGroup(2_000..<2_003),
        ]
        let kindColumns = RoundTripTests.kinds.enumerated().map { i, kind in
            ParquetColumn(
                name: "c\(i)_\(kind.type)",
                type: kind.type,
                nullable: kind.nullable,
                dictionary: kind.dictionary
            )
        }
        let kindGroups = (0..<2).map { g in
            RoundTripTests.kinds.enumerated().map { i, kind in
                RoundTripTests.sample(kind.type, rows: 500 + 10 * g, nullable: kind.nullable, seed: UInt64(i * 7 + g))
            }
        }
        let cases:
            [(
                name: String, columns: [ParquetColumn], groups: [[ColumnValues]], compression: ParquetCompression,
                limits: PageLimits
            )] = [
                ("annotations", AnnotationFixture.columns, annotationGroups, .zstd(level: 3), PageLimits()),
                (
                    "annotations-small-pages", AnnotationFixture.columns, annotationGroups, .none,
                    PageLimits(maxRowsPerPage: 97, targetPageBytes: 1_000, maxDictionaryEntries: 4)
                ),
                ("kinds", kindColumns, kindGroups, .zstd(level: 1), PageLimits(maxRowsPerPage: 64)),
            ]
        for c in cases {
            let url = folder.file("\(c.name).parquet")
            try writeFile(
                url,
                columns: c.columns,
                groups: c.groups,
                metadata: metadata,
                compression: c.compression,
                limits: c.limits
            )
            let expectedURL = folder.file("\(c.name).json")
            try JSONEncoder().encode(
                expectation(
                    c.columns,
                    c.groups,
                    metadata: metadata,
                    compression: c.compression,
                    maxDictionaryEntries: c.limits.maxDictionaryEntries
                )
            )
            .write(to: expectedURL)
            let (status, output) = try runPython(script: "check_parquet.py", arguments: [url.path, expectedURL.path])
            #expect(status == 0, "check_parquet.py failed for \(c.name):\n\(output)")
        }
    }

    @Test("our reader reads pyarrow, polars and duckdb files back identically")
    func weReadTheirFiles() throws {
        try requirePythonModules()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (status, output) = try runPython(script: "write_reference.py", arguments: [folder.url.path])
        try #require(status == 0, "write_reference.py failed:\n\(output)")
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: folder.file("manifest.json")))
        #expect(manifest.files.count >= 9)
        for file in manifest.files {
            let url = folder.file(file.file)
            if let expectedError = file.error {
                do {
                    let reader = try ParquetReader(url: url)
                    for column in reader.leafColumns { _ = try reader.read(column: column.dottedPath) }
                    Issue.record("\(file.file): read without the expected error '\(expectedError)'")
                } catch let error as ParquetError {
                    #expect(error.message.contains(expectedError), "\(file.file): \(error)")
                    #expect(error.file == url.path)
                }
                continue
            }
            let reader = try ParquetReader(url: url)
            #expect(reader.columns.map(\.name) == file.columns.map(\.name), "\(file.file)")
            for (column, expected) in zip(reader.columns, file.columns) {
                #expect(column.type.description == expected.type, "\(file.file) \(column.name)")
                #expect(column.nullable == expected.nullable, "\(file.file) \(column.name)")
                #expect(try reader.read(column: column.name) == expected.columnValues, "\(file.file) \(column.name)")
            }
            for (key, value) in file.metadata {
                #expect(reader.metadata.contains { $0.key == key && $0.value == value }, "\(file.file) metadata \(key)")
            }
        }
    }

    // MARK: helpers

    private struct MissingPythonModules: Error, CustomStringConvertible {
        let output: String
        var description: String {
            "python3 lacks pyarrow, polars or duckdb: run scripts/setup.sh "
                + "(or set DATAMAN_SKIP_INTEROP=1 to skip the interop tests).\n\(output)"
        }
    }

    private func requirePythonModules() throws {
        let (status, output) = try runCommand(["python3", "-c", "import pyarrow, polars, duckdb"])
        if status != 0 { throw MissingPythonModules(output: output) }
    }

    private func runPython(script: String, arguments: [String]) throws -> (Int32, String) {
        try runCommand(["python3", Self.scripts.appendingPathComponent(script).path] + arguments)
    }

    private func expectation(
        _ columns: [ParquetColumn],
        _ groups: [[ColumnValues]],
        metadata: [(key: String, value: String)],
        compression: ParquetCompression,
        maxDictionaryEntries: Int
    ) -> JSONValue {
        let all = columns.indices.map { concatenated(groups, column: $0) }
        return .object([
            "num_rows": .int(Int64(groups.map { $0[0].count }.reduce(0, +))),
            "row_group_rows": .array(groups.map { .int(Int64($0[0].count)) }),
            "compression": .string(compression == .none ? "UNCOMPRESSED" : "ZSTD"),
            "columns": .array(
                zip(columns, all).map { column, values in
                    .object([
                        "name": .string(column.name), "type": .string(column.type.description),
                        "nullable": .bool(column.nullable),
                        "values": .array(JSONValue.values(values)),
                    ])
                }
            ),
            "metadata": .object(Dictionary(uniqueKeysWithValues: metadata.map { ($0.key, .string($0.value)) })),
            "statistics": .array(
                groups.map { group in
                    .object(
                        Dictionary(
                            uniqueKeysWithValues: zip(columns, group).map { column, values in
                                (
                                    column.name,
                                    expectedChunk(
                                        values,
                                        dictionary: column.dictionary,
                                        maxDictionaryEntries: maxDictionaryEntries
                                    )
                                )
                            }
                        )
                    )
                }
            ),
        ])
    }

    /// Statistics computed here, independently of the writer: numeric min/max for integers,
    /// bytewise on UTF-8 for strings. A chunk is dictionary-encoded when asked for, not all
    /// null, and within the dictionary limit.
    private func expectedChunk(_ values: ColumnValues, dictionary: Bool, maxDictionaryEntries: Int) -> JSONValue {
        let scalars = JSONValue.values(values)
        let present = scalars.filter { $0 != .null }
        let nulls = Int64(scalars.count - present.count)
        func bytes(_ v: JSONValue) -> [UInt8] { if case .string(let s) = v { Array(s.utf8) } else { [] } }
        func number(_ v: JSONValue) -> Int64 { if case .int(let n) = v { n } else { 0 } }
        let low: JSONValue
        let high: JSONValue
        if present.isEmpty {
            (low, high) = (.null, .null)
        } else if case .string = present[0] {
            low = present.min { bytes($0).lexicographicallyPrecedes(bytes($1)) }!
            high = present.max { bytes($0).lexicographicallyPrecedes(bytes($1)) }!
        } else {
            low = present.min { number($0) < number($1) }!
            high = present.max { number($0) < number($1) }!
        }
        let distinct = Set(
            present.map { v -> [UInt8] in
                if case .int(let n) = v { return withUnsafeBytes(of: n) { Array($0) } }
                return bytes(v)
            }
        ).count
        let encoded = dictionary && distinct > 0 && distinct <= maxDictionaryEntries
        return .object(["null_count": .int(nulls), "min": low, "max": high, "dictionary": .bool(encoded)])
    }
}

/// Just enough JSON to describe expected files; integers stay exact 64-bit values.
enum JSONValue: Codable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    static func values(_ column: ColumnValues) -> [JSONValue] {
        switch column {
        case .int8(let v): v.map { $0.map { .int(Int64($0)) } ?? .null }
        case .int32(let v): v.map { $0.map { .int(Int64($0)) } ?? .null }
        case .int64(let v): v.map { $0.map { .int($0) } ?? .null }
        case .string(let v): v.map { $0.map { .string($0) } ?? .null }
        }
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? container.decode(Int64.self) {
            self = .int(n)
        } else if let s = try? container.decode(String.self) {
            self = .string(s)
        } else if let a = try? container.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let b): try container.encode(b)
        case .int(let n): try container.encode(n)
        case .string(let s): try container.encode(s)
        case .array(let a): try container.encode(a)
        case .object(let o): try container.encode(o)
        }
    }
}

/// manifest.json of write_reference.py.
struct Manifest: Decodable {
    struct File: Decodable {
        let file: String
        let error: String?
        let metadata: [String: String]
        let columns: [Column]
    }

    struct Column: Decodable {
        let name: String
        let type: String
        let nullable: Bool
        let values: [JSONValue]

        var columnValues: ColumnValues? {
            func ints() -> [Int64?] { values.map { if case .int(let n) = $0 { n } else { nil } } }
            switch type {
            case "int8": return .int8(ints().map { $0.flatMap { Int8(exactly: $0) } })
            case "int32": return .int32(ints().map { $0.flatMap { Int32(exactly: $0) } })
            case "int64": return .int64(ints())
            case "string": return .string(values.map { if case .string(let s) = $0 { s } else { nil } })
            default: return nil
            }
        }
    }

    let files: [File]
}
