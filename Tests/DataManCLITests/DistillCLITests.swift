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

    /// `--labels-field`: the record's labels replace the teacher's, so a student trained on texts
    /// all labelled Agriculture calls every held-out text Agriculture, whatever the heuristic said;
    /// a label that does not parse stops training, naming the shard, line and field.
    @Test func labelsFromARecordFieldReplaceTheTeachers() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let shards = scratch.appendingPathComponent("shards")
        try FileManager.default.createDirectory(at: shards, withIntermediateDirectories: true)
        let words = ["river", "theorem", "compiler", "market", "protein", "harvest", "orbit", "statute", "melody"]
        func lines(labels: (Int) -> String) -> String {
            (0..<60).map { index in
                let text = (0..<(40 + index % 30)).map { words[($0 * 7 + index) % words.count] }.joined(separator: " ")
                return #"{"id": "d\#(index)", "text": "\#(text).", "labels": "\#(labels(index))"}"#
            }.joined(separator: "\n") + "\n"
        }
        let shard = shards.appendingPathComponent("part.jsonl")
        try lines { _ in "domain=N,coherence=1" }.write(to: shard, atomically: true, encoding: .utf8)
        let teacher = scratch.appendingPathComponent("teacher").path
        let model = scratch.appendingPathComponent("relabeled.dmm").path
        let annotate = try CommandRunner.run([
            "annotate", shards.path, "--out", teacher, "--tokenizer", "estimate", "-q",
        ])
        #expect(annotate.status == 0, "\(annotate.stderr)")

        let train = try CommandRunner.run([
            "train", teacher, "--shards", shards.path, "--out", model, "--labels-field", "labels", "--holdout", "0.25",
            "--epochs", "3", "--bucket-bits", "12",
        ])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stderr.contains("60 documents relabeled from their 'labels' field"), "\(train.stderr)")
        #expect(train.stdout.contains("holdout: domain accuracy 1.000"), "\(train.stdout)")
        let header = try String(contentsOfFile: model, encoding: .isoLatin1)
        #expect(header.contains(#""labelsField":"labels""#))

        try lines { $0 == 2 ? "domain=N,coherence=9" : "domain=N,coherence=1" }.write(
            to: shard,
            atomically: true,
            encoding: .utf8
        )
        let refused = try CommandRunner.run([
            "train", teacher, "--shards", shards.path, "--out", model, "--labels-field", "labels", "--quiet",
        ])
        #expect(refused.status != 0)
        #expect(
            refused.stderr.contains("part.jsonl: line 3: the labels field 'labels': coherence=9: a rating is 1 to 5")
        )
    }

    /// `--rater builtin` rates with the model shipped in criteria/builtin/, names it and its hash in
    /// the provenance, and knows the bundled code shards for code (domain Coding) as it was trained
    /// to on other sources' code; its annotations carry the same criteria version as the heuristic's
    /// (CriteriaSetTests shows the version does not depend on the model file).
    @Test func theBuiltinModelRatesAndIsNamed() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let shards = CommandRunner.repository.appendingPathComponent("shards/code").path
        let builtin = scratch.appendingPathComponent("builtin").path
        let heuristic = scratch.appendingPathComponent("heuristic").path
        for (out, rater) in [(builtin, "builtin"), (heuristic, "heuristic")] {
            let run = try CommandRunner.run([
                "annotate", shards, "--out", out, "--tokenizer", "estimate", "--rater", rater, "-q",
            ])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let file = URL(fileURLWithPath: builtin).appendingPathComponent("go.jsonl.zst.parquet")
        let reader = try ParquetReader(url: file)
        let metadata = Dictionary(reader.metadata.map { ($0.key, $0.value) }) { first, _ in first }
        #expect(metadata["dataman.rater.kind"] == "distilled")
        #expect(metadata["dataman.rater.model"]?.hasPrefix("builtin.dmm xxh3:") == true)
        let other = try ParquetReader(
            url: URL(fileURLWithPath: heuristic).appendingPathComponent("go.jsonl.zst.parquet")
        )
        let otherMetadata = Dictionary(other.metadata.map { ($0.key, $0.value) }) { first, _ in first }
        #expect(metadata["dataman.criteria_version"] != nil)
        #expect(metadata["dataman.criteria_version"] == otherMetadata["dataman.criteria_version"])
        guard case .string(let domains) = try reader.read(column: "domain") else {
            Issue.record("domain is not a string column")
            return
        }
        let coding = domains.filter { $0 == "Coding" }.count
        #expect(domains.count > 20 && coding * 10 >= domains.count * 8, "\(coding) of \(domains.count) rated Coding")
    }
}
