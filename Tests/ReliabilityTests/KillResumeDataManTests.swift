import Criteria
import Foundation
import HTTPRating
import Parquet
import Pipeline
import Rating
import TestServerSupport
import Testing
import Tokenizers

/// The CI-sized kill and resume of `--rater dataman` (scripts/reliability/kill-resume-dataman.sh is
/// the long one): SIGKILL a real run rating through the fault-injecting test server at random moments,
/// rerun each time, and every input line ends with one row whose ratings are the server's answer for
/// its text and equal an uninterrupted run's; an error row only where the server never answered validly.
@Suite struct KillResumeDataManTests {
    static let neverValidEvery: UInt64 = 7

    @Test func killedDataManRunsResumeToTheServersAnswers() throws {
        let scratch = try Scratch()
        try scratch.corpus(shards: 4, perShard: 30)
        let never = ["--never-valid-every", String(Self.neverValidEvery)]
        let clean = try TestServer(never)
        defer { clean.stop() }
        let faulty = try TestServer(
            never + [
                "--rate-429", "0.05", "--retry-after", "0.1", "--rate-500", "0.05",
                "--rate-slow", "0.1", "--slow-seconds", "0.2", "--rate-malformed", "0.03", "--rate-reset", "0.03",
                "--delay", "0.01", "--seed", "3",
            ]
        )
        defer { faulty.stop() }
        func arguments(_ out: URL, _ server: TestServer) -> [String] {
            [
                "annotate", scratch.shards.path, "--out", out.path, "--rater", "dataman", "--endpoint",
                server.endpoint.absoluteString,
                "--model", "DataMan-1.5B-EN", "--concurrency", "4", "--threads", "1", "--tokenizer", "estimate", "-q",
            ]
        }
        let reference = scratch.folder("reference")
        let uninterrupted = try CLI.runTimingTheLock(
            arguments(reference, clean),
            out: reference,
            log: scratch.folder("reference.log"),
            lockWait: 30
        )
        try #require(uninterrupted.status == 0, "\(uninterrupted.stderr)")

        let out = scratch.folder("out")
        let kills = try CLI.killRepeatedly(
            arguments(out, faulty),
            out: out,
            logs: { scratch.folder("killed\($0).log") },
            seed: 11,
            lockWait: 30,
            heldSeconds: uninterrupted.heldSeconds
        )
        let last = try CLI.run(arguments(out, faulty), log: scratch.folder("last.log"))
        #expect(last.status == 0, "\(last.stderr)")
        #expect(kills >= 1, "no kill landed within half of the \(uninterrupted.heldSeconds) s run")
        #expect(try strayFiles(out) == [])

        let stats = try faulty.stats()
        #expect(stats.mismatches.isEmpty, "requests unlike the reference's: \(stats.mismatches.prefix(3))")
        let expected = try ServerAnswers(shards: scratch.shards)
        let resumed = try parquetContents(out)
        let uninterruptedRows = try parquetContents(reference)
        #expect(resumed.keys.sorted() == uninterruptedRows.keys.sorted())
        var rated = 0
        var failed = 0
        var neverValid = 0
        for (file, columns) in resumed {
            let rows = try AnnotationRows(columns, file: file)
            let referenceRows = try AnnotationRows(try #require(uninterruptedRows[file]), file: file)
            #expect(rows.lines.sorted() == Array(0..<30), "\(file): one row per input line")
            #expect(rows.docIDs == referenceRows.docIDs)
            for index in rows.docIDs.indices {
                let docID = rows.docIDs[index]
                let answer = try #require(expected.byDocID[docID])
                if let error = rows.errors[index] {
                    failed += 1
                    #expect(
                        stats.valid[answer.key] == nil,
                        "\(docID) is an error row though the server answered it: \(error)"
                    )
                    if answer.hash % Self.neverValidEvery == 0 { neverValid += 1 }
                } else {
                    rated += 1
                    #expect(rows.ratings(index) == answer.ratings, "\(docID) rated otherwise than the server answered")
                    #expect(
                        rows.ratings(index) == referenceRows.ratings(index),
                        "\(docID) differs from the uninterrupted run"
                    )
                }
            }
        }
        #expect(rated + failed == 4 * 30)
        // Every text the server never answers validly is an error row (and the uninterrupted run agrees).
        #expect(neverValid == expected.byDocID.values.filter { $0.hash % Self.neverValidEvery == 0 }.count)
        #expect(neverValid > 0, "the corpus should hold texts the server never answers validly")
    }
}

/// The server's deterministic answer for each test document: FNV-1a 64 of the text as prepared for
/// the prompt (see `answer_for` in scripts/testserver/openai_server.py).
struct ServerAnswers {
    struct Answer {
        let hash: UInt64
        let ratings: Ratings
        /// The key of GET /stats `valid`.
        var key: String { String(repeating: "0", count: 16 - String(hash, radix: 16).count) + String(hash, radix: 16) }
    }

    let byDocID: [String: Answer]

    init(shards: URL) throws {
        let criteria = try CriteriaSet.load()
        let rater = try DataManRater(
            configuration: DataManRaterConfiguration(
                endpoints: [URL(string: "http://127.0.0.1:1/v1")!],
                model: "DataMan-1.5B-EN"
            ),
            criteria: criteria,
            tokenizer: try Tokenizer.named("qwen2")
        )
        var answers: [String: Answer] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: shards.path) {
            let text = try String(contentsOf: shards.appendingPathComponent(name), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
                var hash: UInt64 = 0xCBF2_9CE4_8422_2325
                for byte in rater.builder.prepare(try #require(record["text"]), language: .en).utf8 {
                    hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
                }
                let scores = (0..<14).map { Int8((hash >> UInt64(4 * $0 + 4)) % 5 + 1) }
                answers[try #require(record["id"])] = Answer(
                    hash: hash,
                    ratings: Ratings(scores: scores, domain: Int(hash % 15))
                )
            }
        }
        byDocID = answers
    }
}

/// One annotation file's columns, row by row.
struct AnnotationRows {
    let docIDs: [String]
    let lines: [Int]
    let errors: [String?]
    let scores: [[Int8?]]
    let domains: [Int?]

    init(_ columns: [String: ColumnValues], file: String) throws {
        let criteria = try CriteriaSet.load()
        guard case .string(let ids) = columns["doc_id"], case .int64(let lines) = columns["line"],
            case .string(let errors) = columns["error"], case .string(let domains) = columns["domain"]
        else {
            throw TestSetupError("\(file): doc_id, line, error or domain is missing or of another type")
        }
        docIDs = ids.map { $0 ?? "" }
        self.lines = lines.map { Int($0 ?? -1) }
        self.errors = errors
        self.domains = domains.map { name in name.flatMap { criteria.domainIndex(name: $0) } }
        scores = try criteria.columns.map { column in
            guard case .int8(let values) = columns[column] else {
                throw TestSetupError("\(file): no int8 column \(column)")
            }
            return values
        }
    }

    /// Row `index` as ratings, or nil when any rating or the domain is missing.
    func ratings(_ index: Int) -> Ratings? {
        let row = scores.compactMap { $0[index] }
        guard row.count == scores.count, let domain = domains[index] else { return nil }
        return Ratings(scores: row, domain: domain)
    }
}

/// scripts/testserver/openai_server.py on a free port until `stop()`.
