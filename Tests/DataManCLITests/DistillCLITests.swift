import Foundation
import Parquet
import Testing

/// The distillation loop through the command line on the bundled code shards: the heuristic
/// teaches, `train` writes a model, `annotate --rater model:` rates with it and names it in the
/// provenance, `compare` measures the agreement.
@Suite struct DistillCLITests {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
        "dataman-distill-cli-\(UUID().uuidString)"
    )

    @Test func trainAnnotateWithTheModelAndCompare() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let shards = CommandRunner.repository.appendingPathComponent("shards/code").path
        let teacher = scratch.appendingPathComponent("teacher").path
        let student = scratch.appendingPathComponent("student").path
        let model = scratch.appendingPathComponent("code.dmm").path
        let json = scratch.appendingPathComponent("compare.json").path
        let annotate = try CommandRunner.run([
            "annotate", shards, "--out", teacher, "--tokenizer", "estimate", "--quiet",
        ])
        #expect(annotate.status == 0, "\(annotate.stderr)")

        let train = try CommandRunner.run([
            "train", teacher, "--shards", shards, "--out", model, "--epochs", "2", "--bucket-bits", "14", "--quiet",
        ])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("holdout: domain accuracy"))

        let rate = try CommandRunner.run([
            "annotate", shards, "--out", student, "--tokenizer", "estimate", "--rater", "model:\(model)", "--quiet",
        ])
        #expect(rate.status == 0, "\(rate.stderr)")
        let file = try ParquetReader(url: URL(fileURLWithPath: student).appendingPathComponent("go.jsonl.zst.parquet"))
        let metadata = Dictionary(file.metadata.map { ($0.key, $0.value) }) { first, _ in first }
        #expect(metadata["dataman.rater.kind"] == "distilled")
        #expect(metadata["dataman.rater.model"]?.hasPrefix("code.dmm xxh3:") == true)

        let compare = try CommandRunner.run(["compare", teacher, student, "--json", json])
        #expect(compare.status == 0, "\(compare.stderr)")
        let report =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        let domain = report?["domain"] as? [String: Any]
        #expect((domain?["accuracy"] as? Double).map { $0 > 0.5 } == true)
        #expect(
            ((report?["criteria"] as? [String: Any])?["coherence"] as? [String: Any])?["spearman"] as? Double != nil
        )

        try Data("not a model".utf8).write(to: URL(fileURLWithPath: model))
        let refused = try CommandRunner.run(["annotate", shards, "--out", student, "--rater", "model:\(model)"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("not a DataMan model"))
    }
}
