import Annotations
import Foundation
import Parquet

@testable import Stats

/// The repository root, found from this file (through the symbolic links of a scratch package too).
let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A scratch folder removed when the value goes away.
final class ScratchFolder: Sendable {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("dataman-stats-\(UUID().uuidString)")

    init() {
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ relative: String) -> URL { url.appendingPathComponent(relative) }
}

/// One row of a hand-made annotation file.
struct FixtureRow {
    var docID: String
    var line: Int64
    var offset: Int64 = 0
    var length: Int32 = 0
    var source = "web"
    var tokens: Int32 = 10
    var ratings: [Int8]? = nil
    var domain: String? = nil
    var error: String? = nil

    static func rated(
        _ line: Int64,
        _ ratings: [Int8],
        domain: String,
        source: String = "web",
        tokens: Int32 = 10
    ) -> FixtureRow {
        FixtureRow(docID: "d\(line)", line: line, source: source, tokens: tokens, ratings: ratings, domain: domain)
    }

    static func failed(_ line: Int64, _ error: String, tokens: Int32 = 0) -> FixtureRow {
        FixtureRow(docID: "d\(line)", line: line, tokens: tokens, error: error)
    }
}

/// Writes an annotation file with the full schema, in row groups of `rowGroupRows`.
func writeAnnotationFile(
    _ url: URL,
    inputPath: String,
    rows: [FixtureRow],
    rowGroupRows: Int = 1000,
    metadata extra: [(key: String, value: String)] = []
) throws {
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    var columns = [
        ParquetColumn(name: "doc_id", type: .string), ParquetColumn(name: "id_hash", type: .int64),
        ParquetColumn(name: "line", type: .int64), ParquetColumn(name: "offset", type: .int64),
        ParquetColumn(name: "length", type: .int32), ParquetColumn(name: "source", type: .string, dictionary: true),
        ParquetColumn(name: "tokens", type: .int32),
    ]
    columns += AnnotationColumns.ratings.map { ParquetColumn(name: $0, type: .int8, nullable: true, dictionary: true) }
    columns += [
        ParquetColumn(name: "domain", type: .string, nullable: true, dictionary: true),
        ParquetColumn(name: "error", type: .string, nullable: true),
    ]
    let metadata: [(key: String, value: String)] =
        [
            (AnnotationMetadataKeys.inputPath, inputPath), (AnnotationMetadataKeys.criteriaVersion, "test-criteria"),
            (AnnotationMetadataKeys.tokenizer, "test-tokenizer"), (AnnotationMetadataKeys.raterKind, "test"),
            (AnnotationMetadataKeys.raterModel, "fixture"),
        ] + extra
    let writer = try ParquetWriter(destination: url, columns: columns, metadata: metadata, createdBy: "stats tests")
    var start = 0
    repeat {
        let part = Array(rows[start..<min(rows.count, start + rowGroupRows)])
        var values: [ColumnValues] = [
            .string(part.map(\.docID)),
            .int64(part.map { Int64(bitPattern: UInt64($0.line) &* 0x9E37_79B9_7F4A_7C15) }),
            .int64(part.map(\.line)), .int64(part.map(\.offset)), .int32(part.map(\.length)),
            .string(part.map(\.source)), .int32(part.map(\.tokens)),
        ]
        values += (0..<RatingScale.criterionCount).map { c in .int8(part.map { $0.ratings?[c] }) }
        values += [.string(part.map(\.domain)), .string(part.map(\.error))]
        try writer.write(rowGroup: values)
        start += rowGroupRows
    } while start < rows.count
    try writer.commit()
}

func scan(_ inputs: [URL], _ options: StatsOptions = StatsOptions()) async throws -> StatsScanResult {
    try await StatsScanner.scan(try AnnotationSet.open(inputs), options: options)
}

func context(for inputs: [URL], filter: String? = nil) throws -> ReportContext {
    ReportContext(
        commandLine: "dataman stats test",
        provenance: StatsProvenance(try AnnotationSet.open(inputs)),
        filter: filter
    )
}

/// Text with ANSI escapes removed: what a terminal shows.
func visible(_ text: String) -> String {
    var out = ""
    var inEscape = false
    for scalar in text.unicodeScalars {
        if inEscape {
            if scalar == "m" { inEscape = false }
        } else if scalar == "\u{1B}" {
            inEscape = true
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

extension ColumnValues {
    var strings: [String?] {
        if case .string(let v) = self { return v }
        return []
    }
    var int64s: [Int64?] {
        if case .int64(let v) = self { return v }
        return []
    }
    var int32s: [Int32?] {
        if case .int32(let v) = self { return v }
        return []
    }
    var int8s: [Int8?] {
        if case .int8(let v) = self { return v }
        return []
    }
}
