import Codecs
import Foundation
import Parquet
import Pipeline
import Rating
import Shards
import Testing

@Suite struct AnnotatorTests {
    static let texts = (0..<40).map { "Document number \($0). " + String(repeating: "word\($0 % 7) ", count: $0 + 1) }

    func makeCorpus(_ space: Workspace) throws {
        try space.shard(
            "web/a.jsonl",
            Self.texts[0..<20].enumerated().map { jsonLine(["id": "a\($0.offset)", "text": $0.element]) }
        )
        try space.shard(
            "books/b.jsonl.zst",
            Self.texts[20...].enumerated().map { jsonLine(["id": "b\($0.offset)", "text": $0.element]) },
            compression: .zstd
        )
    }

    @Test func everyLineBecomesOneRowInInputOrder() async throws {
        let space = Workspace()
        try makeCorpus(space)
        let summary = try await space.annotate(space.options())
        #expect(summary.shardsAnnotated == 2)
        #expect(summary.documents == 40)
        #expect(summary.failedShards.isEmpty)

        let reader = try ParquetReader(url: space.output("books/b.jsonl.zst"))
        #expect(reader.rowCount == 20)
        #expect(try reader.read(column: "doc_id").strings == (0..<20).map { "b\($0)" })
        #expect(try reader.read(column: "line").int64s == (0..<20).map { Int64($0) })
        #expect(try reader.read(column: "source").strings == Array(repeating: "books", count: 20))
        let overall = try reader.read(column: "overall_score").int8s
        let domains = try reader.read(column: "domain").strings
        for (index, text) in Self.texts[20...].enumerated() {
            guard case .rated(let expected) = TextHashRater.expected(text) else {
                Issue.record("test rater failed")
                continue
            }
            #expect(overall[index] == expected.overall)
            #expect(domains[index] != nil)
        }
    }

    @Test func offsetsAndLengthsLocateEachLine() async throws {
        let space = Workspace()
        let lines = ["{\"id\":\"x\",\"text\":\"first\"}", "", "{\"text\":\"héllo\"}", "{\"id\":7,\"text\":\"third\"}"]
        let url = try space.shard("plain.jsonl", lines)
        _ = try await space.annotate(space.options())
        let bytes = Array(try Data(contentsOf: url))
        let reader = try ParquetReader(url: space.output("plain.jsonl"))
        let offsets = try reader.read(column: "offset").int64s
        let lengths = try reader.read(column: "length").int32s
        #expect(try reader.read(column: "doc_id").strings == ["x", "plain.jsonl:2", "7"])
        #expect(try reader.read(column: "line").int64s == [0, 2, 3])
        for (row, lineIndex) in [0, 2, 3].enumerated() {
            let slice = bytes[Int(offsets[row]!)..<Int(offsets[row]!) + Int(lengths[row]!)]
            #expect(String(decoding: slice, as: UTF8.self) == lines[lineIndex])
        }
    }

    @Test func badRecordsBecomeErrorRowsAndAreCounted() async throws {
        let space = Workspace()
        try space.shard(
            "mixed.jsonl",
            [
                jsonLine(["id": "ok", "text": "fine text"]),
                "this is not json",
                jsonLine(["id": "notext", "title": "no text here"]),
                jsonLine(["id": "refused", "text": "FAIL please"]),
            ]
        )
        let summary = try await space.annotate(space.options())
        #expect(summary.badRecordCount == 2)
        #expect(summary.ratingErrors == 1)
        let reader = try ParquetReader(url: space.output("mixed.jsonl"))
        let errors = try reader.read(column: "error").strings
        #expect(errors[0] == nil)
        #expect(errors[1]?.hasPrefix("bad record: ") == true)
        #expect(errors[2]?.contains("text") == true)
        #expect(errors[3] == "rating failed: the test rater refuses FAIL")
        #expect(try reader.read(column: "doc_id").strings == ["ok", "mixed.jsonl:1", "notext", "refused"])
        #expect(try reader.read(column: "accuracy").int8s[1] == nil)
        let metadata = Dictionary(reader.metadata.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
        #expect(metadata["dataman.errors"] == "3")
        #expect(metadata["dataman.rows"] == "4")
    }

    /// Hundreds of distinct messages ("found 'b'", "found 'q'", ...) are a few kinds in the summary.
    @Test func theSummaryGroupsBadRecordsByKind() async throws {
        let space = Workspace()
        let junk = (0..<40).map { "{\"text\": \($0)x}" } + (0..<30).map { "{\"text\": \"a\\q\($0)\"}" }
        try space.shard("junk.jsonl", junk + [jsonLine(["text": "fine"])])
        let summary = try await space.annotate(space.options())
        #expect(summary.badRecordCount == 70)
        #expect(Set(summary.badRecords.keys) == ["invalid JSON", "invalid escape"])
        let listed = summary.report.split(separator: "\n").filter { $0.hasPrefix("  ") }
        #expect(listed.count == 2, "\(summary.report)")
        #expect(
            listed.first?.hasPrefix("  40 × invalid JSON (first at junk.jsonl:1 byte 0, e.g. invalid JSON: ") == true
        )
    }

    @Test func strictStopsAtTheFirstBadRecordNamingItsPlace() async throws {
        let space = Workspace()
        try space.shard("s.jsonl", [jsonLine(["text": "good"]), "{\"text\": broken", jsonLine(["text": "never read"])])
        var options = space.options()
        options.strict = true
        let error = await #expect(throws: PipelineError.self) { try await space.annotate(options) }
        guard case .strictBadRecord(_, line: 1, offset: 16, _) = error else {
            Issue.record("expected the bad record at line 2, byte 16 to stop the run, got \(String(describing: error))")
            return
        }
        #expect(error?.description.contains("s.jsonl: line 2, byte 16") == true)
        #expect(!FileManager.default.fileExists(atPath: space.output("s.jsonl").path))
    }

    @Test func aCorruptShardIsNotWrittenAndTheOthersAre() async throws {
        let space = Workspace()
        try makeCorpus(space)
        let good = try space.shard("z/c.jsonl.zst", Self.texts.map { jsonLine(["text": $0]) }, compression: .zstd)
        let bytes = try Data(contentsOf: good)
        try bytes.prefix(bytes.count / 2).write(to: good)
        let summary = try await space.annotate(space.options())
        #expect(summary.shardsAnnotated == 2)
        #expect(summary.failedShards.map(\.shard) == ["z/c.jsonl.zst"])
        #expect(summary.failedShards.first?.reason.contains("c.jsonl.zst") == true)
        #expect(!FileManager.default.fileExists(atPath: space.output("z/c.jsonl.zst").path))
        #expect(!FileManager.default.fileExists(atPath: space.output("z/c.jsonl.zst").path + ".tmp"))
    }

    @Test func aRerunSkipsFinishedShardsAndRedoesMissingOnes() async throws {
        let space = Workspace()
        try makeCorpus(space)
        _ = try await space.annotate(space.options())
        let original = space.root.appendingPathComponent("original.parquet")
        try FileManager.default.copyItem(at: space.output("web/a.jsonl"), to: original)
        let again = try await space.annotate(space.options())
        #expect(again.shardsSkipped == 2)
        #expect(again.shardsAnnotated == 0)

        try FileManager.default.removeItem(at: space.output("web/a.jsonl"))
        let resumed = try await space.annotate(space.options())
        #expect(resumed.shardsAnnotated == 1)
        #expect(resumed.shardsSkipped == 1)
        let redone = try ParquetReader(url: space.output("web/a.jsonl"))
        let first = try ParquetReader(url: original)
        for column in ["doc_id", "overall_score", "domain", "tokens", "offset"] {
            #expect(try redone.read(column: column) == first.read(column: column))
        }
    }

    @Test func aDifferentRaterIsRefusedUnlessForced() async throws {
        let space = Workspace()
        try makeCorpus(space)
        _ = try await space.annotate(space.options())
        let error = await #expect(throws: PipelineError.self) {
            try await space.annotate(space.options(), rater: NoRater())
        }
        guard case .madeDifferently(_, let differences, _) = error else {
            Issue.record("expected a refusal of the differently made folder, got \(String(describing: error))")
            return
        }
        #expect(differences.contains { $0.contains("rater") })
        #expect(error?.description.contains("--force") == true)
        var forced = space.options()
        forced.force = true
        let summary = try await space.annotate(forced, rater: NoRater())
        #expect(summary.shardsAnnotated == 2)
        #expect(
            try ParquetReader(url: space.output("web/a.jsonl")).read(column: "overall_score").int8s.allSatisfy {
                $0 == nil
            }
        )
    }

    @Test func threadCountAndBatchingDoNotChangeTheOutput() async throws {
        let space = Workspace()
        try makeCorpus(space)
        var single = space.options(threads: 1)
        single.batchDocuments = 1
        _ = try await space.annotate(single)
        let one = try ParquetReader(url: space.output("books/b.jsonl.zst"))
        let reference = try one.columns.map { try one.read(column: $0.name) }

        let other = Workspace()
        try makeCorpus(other)
        var many = other.options(threads: 8)
        many.batchDocuments = 3
        many.rowGroupRows = 6
        _ = try await other.annotate(many)
        let split = try ParquetReader(url: other.output("books/b.jsonl.zst"))
        #expect(split.rowGroupCount == 4)
        #expect(try split.columns.map { try split.read(column: $0.name) } == reference)
    }

    @Test func provenanceNamesRaterTokenizerCriteriaAndInput() async throws {
        let space = Workspace()
        try makeCorpus(space)
        _ = try await space.annotate(space.options())
        let input = space.shards.appendingPathComponent("books/b.jsonl.zst")
        let reader = try ParquetReader(url: space.output("books/b.jsonl.zst"))
        let metadata = Dictionary(reader.metadata.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
        #expect(metadata["dataman.rater.kind"] == "test")
        #expect(metadata["dataman.tokenizer"] == "estimate-v1")
        #expect(metadata["dataman.criteria_version"]?.count == 32)
        #expect(metadata["dataman.input.path"] == "books/b.jsonl.zst")
        #expect(metadata["dataman.input.size"] == String(try Data(contentsOf: input).count))
        let checksum = try Data(contentsOf: input).withUnsafeBytes { xxh3_64($0) }
        #expect(metadata["dataman.input.xxh3"] == String(format: "%016llx", checksum))
        let manifest = try #require(try RunManifest.load(from: space.out))
        #expect(manifest.shards["books/b.jsonl.zst"]?.rows == 20)
    }

    @Test func noShardsIsAClearError() async throws {
        let space = Workspace()
        try FileManager.default.createDirectory(at: space.shards, withIntermediateDirectories: true)
        await #expect(throws: PipelineError.noShards(inputs: [space.shards.path])) {
            try await space.annotate(space.options())
        }
    }
}
