import Foundation
import Parquet
import Pipeline
import Rating
import Synchronization
import Testing

/// The rating window spans units: with many small shards, batches of the next shard rate while the last batch of
/// the previous one is still in flight, and every shard still gets its own rows in input order.
@Suite struct UnitOverlapTests {
    @Test func smallShardsKeepTheRaterBusy() async throws {
        let space = Workspace()
        // Twelve shards of one batch each: without the overlap, one batch rates at a time.
        for shard in 0..<12 {
            try space.shard(
                "s\(String(format: "%02d", shard)).jsonl",
                (0..<5).map { jsonLine(["id": "s\(shard)-\($0)", "text": "shard \(shard) document \($0)"]) }
            )
        }
        let rater = SlowRater()
        var options = space.options(threads: 4)
        options.batchDocuments = 5
        let summary = try await space.annotate(options, rater: rater)
        #expect(summary.shardsAnnotated == 12)
        #expect(summary.failedShards.isEmpty)
        #expect(rater.mostInFlight >= 3, "at most \(rater.mostInFlight) batches rated at once over one-batch shards")
        for shard in 0..<12 {
            let reader = try ParquetReader(url: space.output("s\(String(format: "%02d", shard)).jsonl"))
            #expect(try reader.read(column: "doc_id").strings == (0..<5).map { "s\(shard)-\($0)" })
            let texts = (0..<5).map { "shard \(shard) document \($0)" }
            let expected = texts.map { text -> Int8? in
                if case .rated(let ratings) = TextHashRater.expected(text) { return ratings.overall }
                return nil
            }
            #expect(try reader.read(column: "overall_score").int8s == expected)
        }
    }

    /// Batches are cut by size, not at shard ends: shards smaller than a batch share batches, and every row still
    /// goes to its own shard's file with its own shard's source.
    @Test func batchesSpanShardsSmallerThanABatch() async throws {
        let space = Workspace()
        for shard in 0..<12 {
            let folder = shard % 2 == 0 ? "web" : "books"
            try space.shard(
                "\(folder)/s\(String(format: "%02d", shard)).jsonl",
                (0..<5).map { jsonLine(["id": "s\(shard)-\($0)", "text": "shard \(shard) document \($0)"]) }
            )
        }
        let rater = SlowRater(delay: .milliseconds(1))
        var options = space.options(threads: 2)
        options.batchDocuments = 20
        let summary = try await space.annotate(options, rater: rater)
        #expect(summary.shardsAnnotated == 12)
        #expect(rater.largestBatch == 20, "batches of at most \(rater.largestBatch) documents over 5-document shards")
        for shard in 0..<12 {
            let folder = shard % 2 == 0 ? "web" : "books"
            let reader = try ParquetReader(url: space.output("\(folder)/s\(String(format: "%02d", shard)).jsonl"))
            #expect(try reader.read(column: "doc_id").strings == (0..<5).map { "s\(shard)-\($0)" })
            #expect(try reader.read(column: "source").strings == Array(repeating: folder, count: 5))
        }
    }

    /// A shard that fails while the batches of the shard before it are still rating fails alone.
    @Test func aFailingShardAmongOverlappingOnesFailsAlone() async throws {
        let space = Workspace()
        for shard in 0..<6 {
            try space.shard(
                "s\(shard).jsonl",
                (0..<5).map { jsonLine(["id": "s\(shard)-\($0)", "text": "shard \(shard) document \($0)"]) }
            )
        }
        // A zstd shard cut short: its first blocks decode into batches that are rating when its end fails.
        let truncated = try space.shard(
            "s3x.jsonl.zst",
            (0..<6000).map { jsonLine(["id": "t\($0)", "text": "line \($0) of a long shard cut short"]) },
            compression: .zstd
        )
        let bytes = try Data(contentsOf: truncated)
        try bytes.prefix(bytes.count - 16).write(to: truncated)
        var options = space.options(threads: 4)
        options.batchDocuments = 5
        let summary = try await space.annotate(options, rater: SlowRater(delay: .milliseconds(2)))
        #expect(summary.shardsAnnotated == 6)
        #expect(summary.failedShards.map(\.shard) == ["s3x.jsonl.zst"])
        #expect(!FileManager.default.fileExists(atPath: space.output("s3x.jsonl.zst").path))
        for shard in 0..<6 {
            #expect(try ParquetReader(url: space.output("s\(shard).jsonl")).rowCount == 5)
        }
    }
}

/// Rates like `TextHashRater` after a delay, counting the batches in flight at once and the largest batch.
final class SlowRater: Rater {
    private let inFlight = Mutex<(now: Int, most: Int, largestBatch: Int)>((0, 0, 0))
    let delay: Duration
    var descriptor: RaterDescriptor { TextHashRater().descriptor }
    var mostInFlight: Int { inFlight.withLock { $0.most } }
    var largestBatch: Int { inFlight.withLock { $0.largestBatch } }

    init(delay: Duration = .milliseconds(60)) {
        self.delay = delay
    }

    func rate(_ batch: [RatingInput]) async throws -> [RatingResult] {
        inFlight.withLock {
            $0.now += 1
            $0.most = max($0.most, $0.now)
            $0.largestBatch = max($0.largestBatch, batch.count)
        }
        try await Task.sleep(for: delay)
        inFlight.withLock { $0.now -= 1 }
        return batch.map { TextHashRater.expected($0.text) }
    }
}
