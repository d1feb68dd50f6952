import Foundation
import Parquet
import Shards
import Testing

@Suite struct CLITests {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dataman-cli-\(UUID().uuidString)")

    @Test func helpTeachesTheOptions() throws {
        let result = try CommandRunner.run(["annotate", "--help"])
        #expect(result.status == 0)
        for expected in ["--out", "--rater", "--text-field", "--source-field", "--strict", "--force", "Examples"] {
            #expect(result.stdout.contains(expected), "annotate --help lacks \(expected)")
        }
    }

    @Test func criteriaListsFourteenCriteriaAndFifteenDomains() throws {
        let result = try CommandRunner.run(["criteria", "--json"])
        #expect(result.status == 0)
        let listing = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect((listing?["criteria"] as? [Any])?.count == 14)
        #expect((listing?["domains"] as? [Any])?.count == 15)
    }

    /// The README's main command: every record of the bundled shards gets exactly one rated row.
    @Test func annotatesTheBundledShards() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("annotations")
        let result = try CommandRunner.run(["annotate", "shards", "--out", out.path, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("annotated 17 of 17 shards"))

        let shards = try ShardListing.list([CommandRunner.repository.appendingPathComponent("shards")])
        #expect(shards.count == 17)
        for shard in shards {
            let reader = try ShardReader(file: shard, fields: FieldPaths())
            var records = 0
            while try reader.next() != nil { records += 1 }
            let annotations = try ParquetReader(url: out.appendingPathComponent(shard.relativePath + ".parquet"))
            #expect(annotations.rowCount == Int64(records), "\(shard.relativePath)")
            guard case .int8(let overall) = try annotations.read(column: "overall_score"),
                case .string(let domains) = try annotations.read(column: "domain")
            else {
                Issue.record("unexpected column types")
                continue
            }
            #expect(overall.allSatisfy { $0.map { (1...5).contains($0) } ?? false })
            #expect(domains.allSatisfy { $0 != nil })
        }
        try reportsAndSamples(out, documents: 2121)
    }

    /// The rest of the main job on the same annotations: stats (JSON and HTML) and a sample.
    func reportsAndSamples(_ annotations: URL, documents: Int) throws {
        let json = scratch.appendingPathComponent("stats.json")
        let html = scratch.appendingPathComponent("report.html")
        let stats = try CommandRunner.run(["stats", annotations.path, "--json", json.path, "--html", html.path])
        #expect(stats.status == 0, "\(stats.stderr)")
        #expect(stats.stdout.contains("Overall Score"))
        let aggregates = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any]
        #expect((aggregates?["overall"] as? [String: Any])?["rows"] as? Int == documents)
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(page.contains("<svg") && !page.contains("NaN") && !page.contains("<script"))

        let mixture = scratch.appendingPathComponent("mixture")
        let sample = try CommandRunner.run([
            "sample", annotations.path, "--budget", "500K", "--out", mixture.path, "--preset", "dataman-topk",
        ])
        #expect(sample.status == 0, "\(sample.stderr)")
        let report =
            try JSONSerialization.jsonObject(with: Data(contentsOf: mixture.appendingPathComponent("report.json")))
            as? [String: Any]
        let target = report?["target_tokens"] as? Int ?? 0
        let selected = report?["selected_tokens"] as? Int ?? 0
        #expect(report?["pool_documents"] as? Int == documents)
        #expect(target > 490_000 && selected >= target)
        let selection = try ParquetReader(url: mixture.appendingPathComponent("selection.parquet"))
        #expect(selection.rowCount == Int64(report?["selected_rows"] as? Int ?? -1))
    }

    @Test func anUnwritableOutputFailsAtTheStart() throws {
        let result = try CommandRunner.run([
            "annotate", "shards", "--out", "/proc/dataman-cannot-write-here", "--quiet",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/proc/dataman-cannot-write-here"))
    }

    @Test func aMissingInputIsNamed() throws {
        let result = try CommandRunner.run(["annotate", "/nonexistent/shards", "--out", scratch.path, "--quiet"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/nonexistent/shards"))
    }

    /// Exit 2 says "correct the command line"; a file that fails is 1, whichever module reports it.
    @Test func settingsToCorrectExitTwoAndFailuresOne() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("annotations")
        let annotate = try CommandRunner.run(["annotate", "shards/books/fortunes.jsonl", "--out", out.path, "--quiet"])
        try #require(annotate.status == 0, "\(annotate.stderr)")
        let expression = try CommandRunner.run(["stats", out.path, "--where", "overall_score >= "])
        #expect(expression.status == 2 && expression.stderr.contains("expected a number"), "\(expression.stderr)")
        let budget = try CommandRunner.run(["sample", out.path, "--budget", "1Q", "--out", scratch.path + "/m"])
        #expect(budget.status == 2 && budget.stderr.contains("'Q' is not a suffix"), "\(budget.stderr)")
        let moved = try CommandRunner.run([
            "sample", out.path, "--budget", "10K", "--out", scratch.path + "/m2", "--materialize", "--shards",
            scratch.path,
        ])
        #expect(moved.status == 1 && moved.stderr.contains("not under"), "\(moved.stderr)")
        let base = ["sample", out.path, "--budget", "10K", "--materialize", "--shards", "shards/books"]
        let untokenized = try CommandRunner.run(base + ["--out", scratch.path + "/m3", "--format", "datatrove"])
        #expect(untokenized.status == 64 && untokenized.stderr.contains("needs --tokenizer"), "\(untokenized.stderr)")
        let eos = try CommandRunner.run(
            base + ["--out", scratch.path + "/m4", "--format", "megatron", "--tokenizer", "qwen2", "--eos", "<nope>"]
        )
        #expect(eos.status == 2 && eos.stderr.contains("no special token"), "\(eos.stderr)")
    }
}
