import Criteria
import Foundation
import HeuristicRating
import Pipeline
import Tokenizers

let realAnnotationsRoot = FileManager.default.temporaryDirectory.appendingPathComponent(
    "dataman-stats-real-\(UUID().uuidString)"
)

/// Annotation files made by the real pipeline (heuristic rater) from a few of the bundled shards
/// plus one shard of broken records, in small row groups so the scan has many units. Made once
/// per test run.
enum RealAnnotations {
    static let shards = [
        "code/go.jsonl.zst", "books/essays.jsonl.gz", "reference/licenses.jsonl.zst", "books/poetry-zh.jsonl.lz4",
    ]

    struct Fixture: Sendable {
        let shardRoot: URL
        let annotations: URL
        let files: [URL]
    }

    static let fixture = Task { try await make() }

    private static func make() async throws -> Fixture {
        let root = realAnnotationsRoot
        // The fixture lives as long as the test process.
        atexit { try? FileManager.default.removeItem(at: realAnnotationsRoot) }
        let shardRoot = root.appendingPathComponent("shards")
        let out = root.appendingPathComponent("annotations")
        for shard in shards {
            let destination = shardRoot.appendingPathComponent(shard)
            try FileManager.default.createDirectory(
                at: destination.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try FileManager.default.copyItem(
                at: repositoryRoot.appendingPathComponent("shards").appendingPathComponent(shard),
                to: destination
            )
        }
        // Bad records become error rows: not JSON, no text field, a broken escape.
        let broken = [
            "{\"id\": \"ok-1\", \"text\": \"A short but fine paragraph about soil and crops.\"}", "not json at all",
            "{\"id\": \"no-text\"}", "{\"id\": \"bad-escape\", \"text\": \"\\q\"}", "{\"id\": 7, \"text\": \"Seven.\"}",
        ]
        try FileManager.default.createDirectory(
            at: shardRoot.appendingPathComponent("web"),
            withIntermediateDirectories: true
        )
        try Data(broken.joined(separator: "\n").utf8).write(to: shardRoot.appendingPathComponent("web/broken.jsonl"))

        var options = AnnotateOptions(inputs: [shardRoot], output: out)
        options.rowGroupRows = 64
        options.threads = 2
        let criteria = try CriteriaSet.load(from: repositoryRoot.appendingPathComponent("criteria"))
        let annotator = Annotator(
            options: options,
            rater: try HeuristicRater(criteria: criteria),
            tokenCounter: EstimatedTokenCounter(),
            criteria: criteria,
            showProgress: false
        )
        _ = try await annotator.run()
        let files = (shards + ["web/broken.jsonl"]).map { out.appendingPathComponent($0 + ".parquet") }
        return Fixture(shardRoot: shardRoot, annotations: out, files: files)
    }
}
