import Foundation
import Parquet
import Testing

/// The cluster flags end to end through the binary: ranks from flags and from Slurm's variables,
/// `dataman status`, and the per-rank sampling passes against a single-process sample.
@Suite struct ClusterCLITests {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dataman-cluster-\(UUID().uuidString)")

    func slurmArrayTask(_ id: Int, of count: Int) -> [String: String] {
        ["SLURM_ARRAY_TASK_ID": "\(id)", "SLURM_ARRAY_TASK_COUNT": "\(count)", "SLURM_ARRAY_TASK_MIN": "0"]
    }

    @Test func ranksFromSlurmAndStatusTellWhatRemains() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("ann").path
        let annotate = ["annotate", "shards", "--out", out, "--quiet", "--rater", "none", "--tokenizer", "estimate"]
        let first = try CommandRunner.run(annotate, environment: slurmArrayTask(0, of: 3))
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("this is rank 0 of 3 (from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT)"))
        let partial = try CommandRunner.run(["status", out])
        #expect(partial.status == 3, "\(partial.stdout)")
        #expect(partial.stdout.contains("not started") && partial.stdout.contains("not complete"))

        #expect(try CommandRunner.run(annotate + ["--rank", "1", "--world", "3"]).status == 0)
        #expect(try CommandRunner.run(annotate, environment: ["SLURM_PROCID": "2", "SLURM_NTASKS": "3"]).status == 0)
        let complete = try CommandRunner.run(["status", out, "--json"])
        #expect(complete.status == 0, "\(complete.stdout)")
        let status = try JSONSerialization.jsonObject(with: Data(complete.stdout.utf8)) as? [String: Any]
        let ranks = status?["ranks"] as? [[String: Any]] ?? []
        #expect(ranks.count == 3 && ranks.allSatisfy { $0["state"] as? String == "finished" })
        #expect(ranks.reduce(0) { $0 + ($1["done"] as? Int ?? 0) } == 17)
        #expect(ranks.reduce(0) { $0 + ($1["rows"] as? Int ?? 0) } == 2121)

        // Task 2 resubmitted alone (sbatch --array=2) looks like task 0 of 1 to Slurm.
        let alone = try CommandRunner.run(
            annotate,
            environment: [
                "SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "1",
                "SLURM_ARRAY_TASK_MIN": "2",
            ]
        )
        #expect(alone.status == 1 && alone.stderr.contains("--rank I --world 3"), "\(alone.stderr)")

        let bad = try CommandRunner.run(annotate + ["--rank", "3", "--world", "3"])
        #expect(bad.status != 0 && bad.stderr.contains("rank 3 is outside 0..<3"))
    }

    /// Histogram pass per rank, select pass per rank, one merge: the same selection as one process.
    @Test func perRankSamplingSelectsWhatOneProcessSelects() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let ann = scratch.appendingPathComponent("ann").path
        #expect(try CommandRunner.run(["annotate", "shards/docs", "shards/code", "--out", ann, "--quiet"]).status == 0)
        let budget = ["--budget", "300K"]
        let rule = ["--method", "temperature", "--seed", "11"]
        let single = scratch.appendingPathComponent("single").path
        let plain = try CommandRunner.run(["sample", ann, "--out", single] + budget + rule)
        #expect(plain.status == 0, "\(plain.stderr)")
        let expected = try selectedRows([single + "/selection.parquet"])
        #expect(expected.count > 10)

        for world in [2, 3] {
            let base = scratch.appendingPathComponent("world-\(world)").path
            for rank in 0..<world {
                let histogram = try CommandRunner.run(
                    ["sample", "histogram", ann, "--out", "\(base)/h/rank-\(rank).hist"] + rule,
                    environment: slurmArrayTask(rank, of: world)
                )
                #expect(histogram.status == 0, "\(histogram.stderr)")
            }
            let histograms = (0..<world).map { "\(base)/h/rank-\($0).hist" }
            for rank in 0..<world {
                let part = try CommandRunner.run(
                    [
                        "sample", "select", ann, "--rank", "\(rank)", "--world", "\(world)", "--out",
                        "\(base)/part-\(rank)", "--histograms",
                    ] + histograms + budget + rule
                )
                #expect(part.status == 0, "\(part.stderr)")
            }
            let merge = try CommandRunner.run(
                ["sample", "merge"] + (0..<world).map { "\(base)/part-\($0)" } + budget + ["--out", "\(base)/mix"]
            )
            #expect(merge.status == 0, "\(merge.stderr)")
            let files =
                (0..<world).map { "\(base)/part-\($0)/selection.parquet" } + ["\(base)/mix/boundary-selection.parquet"]
            #expect(try selectedRows(files) == expected, "world \(world)")
        }
    }

    /// The help teaches the three steps, and each step refuses the options of the others, so a
    /// budget cannot be given where it would be ignored.
    @Test func eachSamplingStepTakesOnlyItsOwnOptions() throws {
        let help = try CommandRunner.run(["sample", "--help"])
        #expect(help.status == 0)
        for step in ["sample histogram", "sample select", "sample merge"] { #expect(help.stdout.contains(step)) }
        let refused = [
            ["sample", "histogram", "ann", "--budget", "1M", "--out", "h.hist"],
            ["sample", "select", "ann", "--budget", "1M", "--histograms", "h.hist", "--out", "part", "--dry-run"],
            ["sample", "merge", "part-0", "--out", "mix", "--seed", "7"],
            ["sample", "ann", "--budget", "1M", "--out", "mix", "--histograms", "h.hist"],
        ]
        for arguments in refused {
            let result = try CommandRunner.run(arguments)
            #expect(result.status == 64 && result.stderr.contains("Unknown option"), "\(arguments): \(result.stderr)")
        }
    }
}
