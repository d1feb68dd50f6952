import Codecs
import Foundation
import Testing

@testable import Stats

@Suite("examples read back from the shards")
struct ExampleTests {
    @Test("the highest- and lowest-rated documents per criterion, with the first lines of their own text")
    func examplesFromRealShards() async throws {
        let fixture = try await RealAnnotations.fixture.value
        let result = try await scan([fixture.annotations], StatsOptions(examples: 3, threads: 2))
        let texts = try ExampleReader(shardRoot: fixture.shardRoot).read(result.examples)
        let overall = result.stats.overall
        for criterion in 0..<RatingScale.criterionCount {
            let highest = texts.highest[criterion]
            let lowest = texts.lowest[criterion]
            #expect(highest.count == 3 && lowest.count == 3)
            let ratings = overall.histograms[criterion].documents
            #expect(
                highest[0].candidate.rating == ratings.lastIndex { $0 > 0 }! + 1,
                "the top example has the top rating"
            )
            #expect(
                lowest[0].candidate.rating == ratings.firstIndex { $0 > 0 }! + 1,
                "the bottom example has the bottom rating"
            )
            #expect(
                zip(highest, highest.dropFirst()).allSatisfy { !ExampleCandidate.higher($1.candidate, $0.candidate) }
            )
            for example in highest + lowest {
                #expect(example.problem == nil, "\(example.problem ?? "")")
                let text = try documentText(
                    fixture.shardRoot.appendingPathComponent(example.candidate.inputPath),
                    line: example.candidate.line
                )
                let firstLine =
                    text.split(whereSeparator: \.isNewline).first { !$0.allSatisfy(\.isWhitespace) }.map(String.init)
                    ?? ""
                let excerpt = try #require(example.excerpt)
                #expect(
                    excerpt.hasPrefix(String(firstLine.prefix(40))),
                    "\(example.candidate.docID): \(excerpt.prefix(60)) vs \(firstLine.prefix(60))"
                )
                #expect(excerpt.count <= 601 + 6)
            }
        }
    }

    @Test("a shard that changed since it was annotated is reported per example, not shown wrongly")
    func changedShard() async throws {
        let scratch = ScratchFolder()
        let lines = ["{\"id\": \"a\", \"text\": \"first\"}", "{\"id\": \"b\", \"text\": \"second\"}"]
        try FileManager.default.createDirectory(at: scratch.path("shards"), withIntermediateDirectories: true)
        try Data(lines.joined(separator: "\n").utf8).write(to: scratch.path("shards/s.jsonl"))
        // The annotation says line 1 is document "z" at the offset of "b".
        var second = FixtureRow.rated(1, Array(repeating: 2, count: 14), domain: "Law")
        second.docID = "z"
        second.offset = Int64(lines[0].utf8.count + 1)
        second.length = Int32(lines[1].utf8.count)
        var first = FixtureRow.rated(0, Array(repeating: 5, count: 14), domain: "Law")
        first.docID = "a"
        first.offset = 0
        first.length = Int32(lines[0].utf8.count)
        try writeAnnotationFile(scratch.path("ann/s.jsonl.parquet"), inputPath: "s.jsonl", rows: [first, second])
        let result = try await scan([scratch.path("ann")], StatsOptions(examples: 1))
        let texts = try ExampleReader(shardRoot: scratch.path("shards")).read(result.examples)
        #expect(texts.highest[0][0].excerpt == "first")
        #expect(texts.lowest[0][0].excerpt == nil)
        #expect(texts.lowest[0][0].problem?.contains("holds id 'b', the annotation says 'z'") == true)
    }

    @Test("numeric ids are checked as written, and only the line's own id field counts")
    func numericAndLookalikeIDs() async throws {
        let scratch = ScratchFolder()
        let lines = [
            #"{"meta": {"id": "z"}, "text": "say \"id\": \"z\"", "id": 7}"#,
            #"{"meta": {"id": 9}, "text": "not 9 \"id\": 9", "id": 8}"#,
        ]
        try FileManager.default.createDirectory(at: scratch.path("shards"), withIntermediateDirectories: true)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: scratch.path("shards/s.jsonl"))
        var first = FixtureRow.rated(0, Array(repeating: 5, count: 14), domain: "Law")
        first.docID = "7"
        first.offset = 0
        first.length = Int32(lines[0].utf8.count)
        // The annotation says line 1 is document 9, which only its nested key and its text mention.
        var second = FixtureRow.rated(1, Array(repeating: 2, count: 14), domain: "Law")
        second.docID = "9"
        second.offset = Int64(lines[0].utf8.count + 1)
        second.length = Int32(lines[1].utf8.count)
        try writeAnnotationFile(scratch.path("ann/s.jsonl.parquet"), inputPath: "s.jsonl", rows: [first, second])
        let result = try await scan([scratch.path("ann")], StatsOptions(examples: 1))
        let texts = try ExampleReader(shardRoot: scratch.path("shards")).read(result.examples)
        #expect(texts.highest[0][0].excerpt == #"say "id": "z""#)
        #expect(texts.lowest[0][0].excerpt == nil)
        #expect(texts.lowest[0][0].problem?.contains("holds id '8', the annotation says '9'") == true)
    }

    @Test("a line that no longer ends where the annotation says is reported, not shown")
    func lineBoundaries() async throws {
        let scratch = ScratchFolder()
        let line = #"{"id": "a", "text": "first"}"#
        try FileManager.default.createDirectory(at: scratch.path("shards"), withIntermediateDirectories: true)
        try Data((line + "\n").utf8).write(to: scratch.path("shards/s.jsonl"))
        var row = FixtureRow.rated(0, Array(repeating: 5, count: 14), domain: "Law")
        row.docID = "a"
        row.offset = 0
        row.length = Int32(line.utf8.count - 1)
        try writeAnnotationFile(scratch.path("ann/s.jsonl.parquet"), inputPath: "s.jsonl", rows: [row])
        let result = try await scan([scratch.path("ann")], StatsOptions(examples: 1))
        let texts = try ExampleReader(shardRoot: scratch.path("shards")).read(result.examples)
        #expect(texts.highest[0][0].excerpt == nil)
        #expect(texts.highest[0][0].problem?.contains("longer than the") == true)
    }

    @Test("--shards pointing at the wrong folder is an error that says where it looked")
    func wrongShardFolder() async throws {
        let fixture = try await RealAnnotations.fixture.value
        let result = try await scan([fixture.annotations], StatsOptions(examples: 1, threads: 2))
        let scratch = ScratchFolder()
        #expect(throws: StatsError.self) { try ExampleReader(shardRoot: scratch.url).read(result.examples) }
    }

    /// The text of line `line` of a shard, read independently of the code under test.
    private func documentText(_ url: URL, line: Int64) throws -> String {
        let source = try DecompressingSource(url: url)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        let record = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)[Int(line)]
        let object = try JSONSerialization.jsonObject(with: Data(record)) as! [String: Any]
        return object["text"] as! String
    }
}
