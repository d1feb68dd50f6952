import Codecs
import Criteria
import Foundation
import Parquet
import Pipeline
import Rating
import Tokenizers

/// A rater whose answers are a pure function of the text, so tests can predict every row.
struct TextHashRater: Rater {
    var descriptor: RaterDescriptor { RaterDescriptor(kind: "test", model: "text-hash", promptHash: "1") }

    func rate(_ batch: [RatingInput]) async throws -> [RatingResult] {
        batch.map { Self.expected($0.text) }
    }

    static func expected(_ text: String) -> RatingResult {
        if text.contains("FAIL") { return .failed("the test rater refuses FAIL") }
        let seed = text.utf8.reduce(UInt64(1_469_598_103_934_665_603)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
        let scores = (0..<14).map { Int8(1 + (seed >> UInt64($0 * 3)) % 5) }
        return .rated(Ratings(scores: scores, domain: Int(seed % 15)))
    }
}

/// A scratch folder of shards and an output folder, removed at the end of the test.
final class Workspace {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("dataman-pipeline-\(UUID().uuidString)")
    var shards: URL { root.appendingPathComponent("shards") }
    var out: URL { root.appendingPathComponent("out") }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Writes `lines` joined by newlines as `relativePath` under shards/, compressed as asked.
    @discardableResult
    func shard(_ relativePath: String, _ lines: [String], compression: Compression = .none) throws -> URL {
        let url = shards.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let writer = try CompressedFileWriter(destination: url, compression: compression, level: 3)
        try writer.write(Array(lines.map { $0 + "\n" }.joined().utf8))
        try writer.commit()
        return url
    }

    func options(threads: Int = 2) -> AnnotateOptions {
        var options = AnnotateOptions(inputs: [shards], output: out)
        options.threads = threads
        options.batchDocuments = 7
        return options
    }

    func annotate(_ options: AnnotateOptions, rater: any Rater = TextHashRater()) async throws -> RunSummary {
        let annotator = Annotator(
            options: options,
            rater: rater,
            tokenCounter: EstimatedTokenCounter(),
            criteria: try CriteriaSet.load(),
            showProgress: false
        )
        return try await annotator.run()
    }

    func output(_ relativePath: String) -> URL { out.appendingPathComponent(relativePath + ".parquet") }
}

func jsonLine(_ object: [String: Any]) -> String {
    String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
}

extension ColumnValues {
    var strings: [String?] {
        if case .string(let v) = self { return v }
        return []
    }
    var int64s: [Int64?] {
        if case .int64(let v) = self { return v }
        return []
    }
    var int32s: [Int32?] {
        if case .int32(let v) = self { return v }
        return []
    }
    var int8s: [Int8?] {
        if case .int8(let v) = self { return v }
        return []
    }
}
