import Codecs
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
                  case .string(let domains) = try annotations.read(column: "domain") else {
                Issue.record("unexpected column types"); continue
            }
            #expect(overall.allSatisfy { $0.map { (1...5).contains($0) } ?? false })
            #expect(domains.allSatisfy { $0 != nil })
        }
        try reportsAndSamples(out, documents: 2121)
    }

    /// The rest of the main job on the same annotations: stats (JSON and HTML) and a sample.
    func reportsAndSamples(_ annotations: URL, documents: Int) throws {
        let json = scratch.appendingPathComponent("stats.json"), html = scratch.appendingPathComponent("report.html")
        let stats = try CommandRunner.run(["stats", annotations.path, "--json", json.path, "--html", html.path])
        #expect(stats.status == 0, "\(stats.stderr)")
        #expect(stats.stdout.contains("Overall Score"))
        let aggregates = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any]
        #expect((aggregates?["overall"] as? [String: Any])?["rows"] as? Int == documents)
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(page.contains("<svg") && !page.contains("NaN") && !page.contains("<script"))

        let mixture = scratch.appendingPathComponent("mixture")
        let sample = try CommandRunner.run(["sample", annotations.path, "--budget", "500K", "--out", mixture.path, "--preset", "dataman-topk"])
        #expect(sample.status == 0, "\(sample.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: mixture.appendingPathComponent("report.json"))) as? [String: Any]
        let target = report?["target_tokens"] as? Int ?? 0, selected = report?["selected_tokens"] as? Int ?? 0
        #expect(report?["pool_documents"] as? Int == documents)
        #expect(target > 490_000 && selected >= target)
        let selection = try ParquetReader(url: mixture.appendingPathComponent("selection.parquet"))
        #expect(selection.rowCount == Int64(report?["selected_rows"] as? Int ?? -1))
    }

    @Test func anUnwritableOutputFailsAtTheStart() throws {
        let result = try CommandRunner.run(["annotate", "shards", "--out", "/proc/dataman-cannot-write-here", "--quiet"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/proc/dataman-cannot-write-here"))
    }

    @Test func aMissingInputIsNamed() throws {
        let result = try CommandRunner.run(["annotate", "/nonexistent/shards", "--out", scratch.path, "--quiet"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/nonexistent/shards"))
    }

    /// SIGKILL at random moments, rerun each time: in the end every record has exactly one row and
    /// the files equal those of an uninterrupted run, value for value.
    @Test func killedRunsResumeWithoutLosingOrDuplicatingRows() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let input = scratch.appendingPathComponent("in")
        var generator = SplitMix(seed: 7)
        for shard in 0..<12 {
            let writer = try CompressedFileWriter(destination: input.appendingPathComponent("part-\(shard).jsonl.zst"), compression: .zstd)
            for doc in 0..<250 {
                let words = (0..<(40 + Int(generator.next() % 200))).map { _ in Self.words[Int(generator.next() % UInt64(Self.words.count))] }
                try writer.write("{\"id\":\"s\(shard)-\(doc)\",\"text\":\"\(words.joined(separator: " ")).\"}\n")
            }
            try writer.commit()
        }
        let reference = scratch.appendingPathComponent("reference")
        let started = Date()
        let arguments = ["--quiet", "--threads", "1", "--tokenizer", "estimate"]
        let full = try CommandRunner.run(["annotate", input.path, "--out", reference.path] + arguments)
        #expect(full.status == 0, "\(full.stderr)")
        let duration = Date().timeIntervalSince(started)

        let resumed = scratch.appendingPathComponent("resumed")
        var kills = 0
        for _ in 0..<8 {
            let (process, _, _) = try CommandRunner.start(["annotate", input.path, "--out", resumed.path] + arguments)
            let delay = duration * Double(generator.next() % 1000) / 1000
            Thread.sleep(forTimeInterval: delay)
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
        }
        let last = try CommandRunner.run(["annotate", input.path, "--out", resumed.path] + arguments)
        #expect(last.status == 0, "\(last.stderr)")
        #expect(kills > 0)

        for shard in 0..<12 {
            let name = "part-\(shard).jsonl.zst.parquet"
            let expected = try ParquetReader(url: reference.appendingPathComponent(name))
            let actual = try ParquetReader(url: resumed.appendingPathComponent(name))
            #expect(actual.rowCount == 250)
            for column in expected.columns {
                #expect(try actual.read(column: column.name) == expected.read(column: column.name), "\(name) \(column.name)")
            }
        }
        let leftovers = FileManager.default.enumerator(atPath: resumed.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".parquet") } ?? []
        #expect(leftovers.count == 12)
    }

    static let words = ["the", "model", "rates", "each", "document", "on", "fourteen", "criteria", "and", "a", "domain",
                        "quality", "corpus", "tokens", "budget", "sample", "mixture", "law", "code", "theorem"]
}

/// A small seeded generator, so the test's random kill times repeat from run to run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
