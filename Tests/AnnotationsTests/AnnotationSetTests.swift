import Foundation
import Parquet
import Testing

@testable import Annotations

/// Writes a small annotation file: `lines` rows with the full annotation schema.
func writeAnnotation(
    _ url: URL,
    inputPath: String?,
    lines: Range<Int64> = 0..<10,
    criteria: String = "c1",
    tokenizer: String = "estimate",
    tokensType: ParquetType = .int32,
    nullTokenRow: Int? = nil,
    checksum: String = "00000000000000aa"
) throws {
    var columns = [
        ParquetColumn(name: "doc_id", type: .string), ParquetColumn(name: "id_hash", type: .int64),
        ParquetColumn(name: "line", type: .int64), ParquetColumn(name: "offset", type: .int64),
        ParquetColumn(name: "length", type: .int32), ParquetColumn(name: "source", type: .string, dictionary: true),
        ParquetColumn(name: "tokens", type: tokensType, nullable: nullTokenRow != nil),
    ]
    columns += AnnotationColumns.ratings.map { ParquetColumn(name: $0, type: .int8, nullable: true) }
    columns += [
        ParquetColumn(name: "domain", type: .string, nullable: true),
        ParquetColumn(name: "error", type: .string, nullable: true),
    ]
    var metadata: [(key: String, value: String)] = [
        (AnnotationMetadataKeys.criteriaVersion, criteria), (AnnotationMetadataKeys.tokenizer, tokenizer),
        (AnnotationMetadataKeys.inputChecksum, checksum),
    ]
    if let inputPath { metadata.append((AnnotationMetadataKeys.inputPath, inputPath)) }
    let writer = try ParquetWriter(destination: url, columns: columns, metadata: metadata, createdBy: "test")
    let rows = lines.map { $0 }
    var values: [ColumnValues] = [
        .string(rows.map { "d\($0)" }), .int64(rows.map { $0 * 7 }), .int64(rows), .int64(rows.map { $0 * 100 }),
        .int32(rows.map { _ in 99 }), .string(rows.map { _ in "web" }),
    ]
    switch tokensType {
    case .int64: values.append(.int64(rows.map { $0 }))
    default: values.append(.int32(rows.enumerated().map { $0.offset == nullTokenRow ? nil : Int32($0.element) }))
    }
    values += AnnotationColumns.ratings.map { _ in ColumnValues.int8(rows.map { _ in 4 }) }
    values += [.string(rows.map { _ in "Law" }), .string(rows.map { _ in nil })]
    try writer.write(rowGroup: values)
    try writer.commit()
}

func temporaryFolder() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("dataman-annotations-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite("annotation files and sets")
struct AnnotationSetTests {
    @Test("folders are walked recursively; hidden and unfinished files are skipped; the order is canonical")
    func listing() throws {
        let root = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("b/deeper"),
            withIntermediateDirectories: true
        )
        try writeAnnotation(root.appendingPathComponent("z.parquet"), inputPath: "a/shard.jsonl", lines: 10..<20)
        try writeAnnotation(
            root.appendingPathComponent("b/deeper/y.parquet"),
            inputPath: "a/shard.jsonl",
            lines: 0..<10
        )
        try writeAnnotation(root.appendingPathComponent("b/x.parquet"), inputPath: "0.jsonl")
        try Data("junk".utf8).write(to: root.appendingPathComponent("b/w.parquet.tmp"))
        try Data("junk".utf8).write(to: root.appendingPathComponent(".hidden.parquet"))
        try Data("notes".utf8).write(to: root.appendingPathComponent("README.md"))
        let set = try AnnotationSet.open([root])
        #expect(set.files.map(\.url.lastPathComponent) == ["x.parquet", "y.parquet", "z.parquet"])
        #expect(set.files.map(\.lines) == [0...9, 0...9, 10...19])
        #expect(set.rowCount == 30)
        // Giving the files one by one, in another order, or twice, changes nothing.
        let shuffled = try AnnotationSet.open([
            root.appendingPathComponent("z.parquet"), root.appendingPathComponent("b"),
            root.appendingPathComponent("z.parquet"),
        ])
        #expect(shuffled.files.map(\.url.lastPathComponent) == ["x.parquet", "y.parquet", "z.parquet"])
    }

    @Test("files from different criteria versions or tokenizers are refused")
    func mixedVersions() throws {
        let root = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try writeAnnotation(root.appendingPathComponent("a.parquet"), inputPath: "a.jsonl")
        try writeAnnotation(root.appendingPathComponent("b.parquet"), inputPath: "b.jsonl", criteria: "c2")
        let error = #expect(throws: AnnotationError.self) { try AnnotationSet.open([root]) }
        #expect(error?.message.contains("mix criteria versions") == true)
        #expect(error?.message.contains("'c1'") == true && error?.message.contains("'c2'") == true)

        let other = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: other) }
        try writeAnnotation(other.appendingPathComponent("a.parquet"), inputPath: "a.jsonl")
        try writeAnnotation(other.appendingPathComponent("b.parquet"), inputPath: "b.jsonl", tokenizer: "qwen2")
        let tokenizerError = #expect(throws: AnnotationError.self) { try AnnotationSet.open([other]) }
        #expect(tokenizerError?.message.contains("mix tokenizers") == true)
    }

    @Test("two files annotating the same lines of a shard are refused")
    func overlap() throws {
        let root = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try writeAnnotation(root.appendingPathComponent("run1.parquet"), inputPath: "s.jsonl", lines: 0..<10)
        try writeAnnotation(root.appendingPathComponent("run2.parquet"), inputPath: "s.jsonl", lines: 5..<15)
        let error = #expect(throws: AnnotationError.self) { try AnnotationSet.open([root]) }
        #expect(error?.message.contains("annotates lines 5...14 of shard 's.jsonl'") == true)
        // Another corpus's shard under the same relative path is told apart by its checksum.
        let other = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: other) }
        try writeAnnotation(
            other.appendingPathComponent("a.parquet"),
            inputPath: "s.jsonl",
            checksum: "0000000000000001"
        )
        try writeAnnotation(
            other.appendingPathComponent("b.parquet"),
            inputPath: "s.jsonl",
            checksum: "0000000000000002"
        )
        let clash = #expect(throws: AnnotationError.self) { try AnnotationSet.open([other]) }
        #expect(clash?.message.contains("of other content") == true)
    }

    @Test(
        "files that are not annotation files say why",
        arguments: [
            (
                "no input path",
                "not an annotation file: no 'dataman.input.path' in its key-value metadata "
                    + "(nor a selection file: no string 'shard' and int32 'epoch' columns)"
            ),
            ("tokens int64", "column 'tokens' is int64, an annotation file has int32"),
            ("not parquet", "not a Parquet file: no PAR1 magic at byte 0"),
        ]
    )
    func notAnnotations(kind: String, message: String) throws {
        let url = temporaryFolder().appendingPathComponent("f.parquet")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        switch kind {
        case "no input path": try writeAnnotation(url, inputPath: nil)
        case "tokens int64": try writeAnnotation(url, inputPath: "s.jsonl", tokensType: .int64)
        default: try Data("hello, this is not parquet".utf8).write(to: url)
        }
        let error = #expect(throws: AnnotationError.self) { try AnnotationFile(url: url) }
        #expect(error?.file == url.path)
        #expect(error?.message == message)
    }

    @Test("a missing input, an empty folder and a file without .parquet are errors")
    func badInputs() throws {
        let empty = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(throws: AnnotationError.noAnnotationFiles(folder: empty.path)) {
            try AnnotationSet.open([empty])
        }
        let missing = empty.appendingPathComponent("nope")
        #expect(throws: AnnotationError.noSuchInput(path: missing.path)) {
            try AnnotationSet.open([missing])
        }
        let text = empty.appendingPathComponent("a.jsonl")
        try Data("{}".utf8).write(to: text)
        #expect(
            throws: AnnotationError.notAnnotationFile(file: text.path, reason: "the name does not end in .parquet")
        ) {
            try AnnotationSet.open([text])
        }
    }

    @Test("batches hold the columns asked for; a null where none may be is an error naming the row")
    func batches() throws {
        let url = temporaryFolder().appendingPathComponent("f.parquet")
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        try writeAnnotation(url, inputPath: "s.jsonl", lines: 0..<5)
        let reader = try AnnotationReader(try AnnotationFile(url: url))
        let batch = try reader.batch(rowGroup: 0, columns: ["id_hash", "tokens", "domain", "overall_score"])
        #expect(batch.count == 5)
        #expect(batch.idHash == [0, 7, 14, 21, 28])
        #expect(batch.tokens == [0, 1, 2, 3, 4])
        #expect(batch.domain == Array(repeating: "Law", count: 5))
        #expect(batch.ratings[13] == Array(repeating: 4, count: 5))
        #expect(batch.docID.isEmpty && batch.ratings[0] == nil)

        let broken = temporaryFolder().appendingPathComponent("g.parquet")
        defer { try? FileManager.default.removeItem(at: broken.deletingLastPathComponent()) }
        try writeAnnotation(broken, inputPath: "s.jsonl", lines: 0..<5, nullTokenRow: 3)
        let error = #expect(throws: AnnotationError.self) {
            try AnnotationReader(try AnnotationFile(url: broken)).batch(rowGroup: 0, columns: ["tokens"])
        }
        #expect(error?.message == "row group 0, row 3: column 'tokens' is null; it may not be")
    }

    @Test("words may hold letters of any script")
    func unicodeWords() throws {
        #expect(try RowFilter(parsing: "domain == 法律 or source == Läw").literals(of: .domain) == ["法律"])
    }
}

@Suite struct RowRatingTests {
    /// A batch of one row rated 4 on every criterion, with `overall_score` set to `overall`.
    func batch(overall: Int8) -> AnnotationBatch {
        var batch = AnnotationBatch(count: 1)
        batch.domain = ["Law"]
        batch.error = [nil]
        for index in AnnotationColumns.ratings.indices { batch.ratings[index] = [4] }
        batch.ratings[AnnotationColumns.ratings.count - 1] = [overall]
        return batch
    }

    @Test func ratingsOutsideOneToFiveAreNamedNotUsed() {
        #expect(batch(overall: 5).rating(0) == .rated(domain: "Law", scores: Array(repeating: 4, count: 13) + [5]))
        #expect(batch(overall: 0).rating(0) == .outOfRange(column: "overall_score", value: 0))
        #expect(batch(overall: -3).rating(0) == .outOfRange(column: "overall_score", value: -3))
    }
}
