import Crypto
import Foundation
import Parquet
import Testing

/// The issue's scenario in miniature: many source × domain strata and a small budget.
@Suite struct SampleBudgetCLITests {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dataman-budget-\(UUID().uuidString)")

    /// The tokens of every row of a selection file.
    func tokens(_ path: String) throws -> [Int32] {
        let reader = try ParquetReader(url: URL(fileURLWithPath: path))
        guard case .int32(let tokens) = try reader.read(column: "tokens") else {
            Issue.record("\(path): unexpected column type")
            return []
        }
        return tokens.map { $0! }
    }

    /// SHA-256 of a selection's sorted `doc_id/epoch/key` lines: which rows, however they are stored.
    func digest(_ path: String) throws -> String {
        let lines = try selectedRows([path])
        return SHA256.hash(data: Data(lines.joined(separator: "\n").utf8)).map { String(format: "%02x", $0) }.joined()
    }

    func report(_ folder: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/report.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func manyStrataLandWithinOneDocumentOfTheBudget() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let ann = scratch.appendingPathComponent("ann").path
        let annotate = try CommandRunner.run(
            ["annotate", "shards/docs", "shards/code", "shards/books", "shards/reference", "--out", ann, "--quiet"]
        )
        #expect(annotate.status == 0, "\(annotate.stderr)")
        let rule = ["--budget", "120K", "--method", "top-k", "--by", "overall_score", "--seed", "7"]

        let exact = scratch.appendingPathComponent("exact").path
        let run = try CommandRunner.run(["sample", ann, "--out", exact] + rule)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("deviation") && run.stdout.contains("rounding exact"))
        let selected = try tokens(exact + "/selection.parquet")
        let total = selected.reduce(0) { $0 + Int($1) }
        let largest = Int(selected.max() ?? 0)
        #expect(total >= 120_000 && total - 120_000 < largest, "\(total) tokens for 120K, largest document \(largest)")

        let json = try report(exact)
        #expect(json["budget"] as? Int == 120_000)
        #expect(json["rounding"] as? String == "exact")
        #expect(json["selected_tokens"] as? Int == total)
        #expect(json["deviation_tokens"] as? Int == total - 120_000)
        #expect(json["deviation_percent"] as? Double != nil)
        let strata = try #require(json["strata"] as? [[String: Any]])
        #expect(strata.count > 10, "the annotations should have many strata")
        let targets = strata.compactMap { $0["target_tokens"] as? Int }
        #expect(targets.count == strata.count && targets.reduce(0, +) == 120_000)
        for stratum in strata {
            let target = try #require(stratum["target_tokens"] as? Int)
            let chosen = try #require(stratum["selected_tokens"] as? Int)
            #expect(stratum["deviation_tokens"] as? Int == chosen - target)
            #expect(stratum["share_tokens"] as? Int != nil)
        }

        // The paper's rule, kept by --rounding reference (and by the presets): truncated targets, a
        // crossing document per stratum, so it lands further off.
        let paper = scratch.appendingPathComponent("paper").path
        let reference = try CommandRunner.run(["sample", ann, "--out", paper, "--rounding", "reference"] + rule)
        #expect(reference.status == 0, "\(reference.stderr)")
        let old = try report(paper)
        #expect(old["rounding"] as? String == "reference")
        let oldTotal = try #require(old["selected_tokens"] as? Int)
        #expect(oldTotal - 120_000 > total - 120_000, "the paper's rule selected \(oldTotal)")
        // Recorded with the sampler before --rounding existed: the same 100 rows, 196,698 tokens.
        #expect(oldTotal == 196_698)
        #expect(
            try digest(paper + "/selection.parquet")
                == "bc4e76728554b61f4a7088ee69bf417643c5f4ded58ecc57fedcc89dd335b6e0"
        )

        let help = try CommandRunner.run(["sample", "select", "--help"])
        #expect(help.stdout.contains("--rounding"))
    }
}
