import Foundation
import Testing

/// `sample --materialize --format ...` against the trainers' own code: datatrove's DocumentTokenizer run for
/// real, Megatron's published index layout, Hugging Face tokenizers' ids (scripts/interop/check_training_shards.py).
/// A missing Python package fails the check; DATAMAN_SKIP_INTEROP=1 turns these off where Python is absent.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["DATAMAN_SKIP_INTEROP"] != "1", "DATAMAN_SKIP_INTEROP=1"))
struct TrainingShardsCLITests {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dataman-train-\(UUID().uuidString)")

    /// The reference tokenizer files (scripts/parity/tokenizer_assets.py), by name.
    static func assets() throws -> [String: String] {
        let result = try CommandRunner.python(["scripts/parity/tokenizer_assets.py"])
        try #require(result.status == 0, "tokenizer_assets.py failed: \(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: String])
    }

    /// Annotates two of the bundled shards (English and Chinese) once per test.
    func annotate() throws -> URL {
        let annotations = scratch.appendingPathComponent("annotations")
        let result = try CommandRunner.run(["annotate", "shards/books", "--out", annotations.path, "--quiet"])
        try #require(result.status == 0, "\(result.stderr)")
        return annotations
    }

    func sample(_ annotations: URL, _ out: String, _ options: [String]) throws {
        let result = try CommandRunner.run(
            [
                "sample", annotations.path, "--budget", "60K", "--max-epochs", "2", "--seed", "11",
                "--out", scratch.appendingPathComponent(out).path, "--materialize", "--shards", "shards/books",
            ] + options
        )
        try #require(result.status == 0, "\(result.stderr)")
    }

    func check(_ mode: String, _ ours: String, _ lines: String, _ tokenizer: String? = nil, eos: String? = nil) throws {
        let result = try CommandRunner.python(
            [
                "scripts/interop/check_training_shards.py", mode, scratch.appendingPathComponent(ours).path,
                scratch.appendingPathComponent(lines).path,
            ] + [tokenizer, eos].compactMap { $0 }
        )
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// Unshuffled, our files are datatrove's own bytes for the same documents in the same order, with the
    /// Qwen2 (4-byte ids) and Llama-2 (2-byte ids) tokenizer.json files.
    @Test(arguments: [("qwen", "<|endoftext|>"), ("llama2", "</s>")])
    func datatroveWritesTheSameBytes(tokenizer: String, eos: String) throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let path = try #require(try Self.assets()[tokenizer])
        let annotations = try annotate()
        try sample(annotations, "lines", ["--no-shuffle"])
        try sample(
            annotations,
            "ds",
            ["--no-shuffle", "--format", "datatrove", "--tokenizer", path, "--shard-tokens", "1T"]
        )
        try check("datatrove", "ds", "lines", path, eos: eos)
    }

    /// Shuffled Megatron files in several parts hold, in order, the same documents as the shuffled JSON lines
    /// of the same seed, tokenized as Hugging Face does with the end-of-text token appended.
    @Test func megatronFollowsThePublishedLayoutAndTheShuffle() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let path = try #require(try Self.assets()["qwen"])
        let annotations = try annotate()
        try sample(annotations, "lines", ["--shard-tokens", "10K"])
        try sample(
            annotations,
            "megatron",
            ["--format", "megatron", "--tokenizer", path, "--shard-tokens", "15K", "--threads", "3"]
        )
        let parts = try FileManager.default.contentsOfDirectory(
            atPath: scratch.appendingPathComponent("megatron/data").path
        )
        #expect(parts.filter { $0.hasSuffix(".idx") }.count > 1)
        try check("megatron", "megatron", "lines", path, eos: "<|endoftext|>")
    }

    /// Hugging Face `datasets` loads the Parquet files; rows follow the same shuffle as the JSON lines and carry
    /// their selection row's source, domain and ratings.
    @Test func parquetLoadsWithDatasets() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let annotations = try annotate()
        try sample(annotations, "lines", [])
        try sample(annotations, "parquet", ["--format", "parquet", "--shard-tokens", "20K"])
        try check("parquet", "parquet", "lines")
    }
}
