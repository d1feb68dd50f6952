import Annotations
import Cluster
import Foundation
import Parquet
import Pipeline
import Rating
import Synchronization
import Testing

/// Ranks that share an output folder must together write what one process writes, row for row.
@Suite struct ClusterRunTests {
    /// Every row of every annotation file under `folder`, keyed by shard and line.
    static func rows(_ folder: URL) throws -> [String: String] {
        var rows: [String: String] = [:]
        let columns = Set(
            [
                AnnotationColumns.docID, AnnotationColumns.line, AnnotationColumns.offset, AnnotationColumns.tokens,
                AnnotationColumns.domain, AnnotationColumns.error, AnnotationColumns.source,
            ] + AnnotationColumns.ratings
        )
        for file in try AnnotationSet.open([folder]).files {
            let reader = try AnnotationReader(file)
            for group in 0..<reader.rowGroupCount {
                let batch = try reader.batch(rowGroup: group, columns: columns)
                for row in 0..<batch.count {
                    let key = "\(file.inputPath):\(batch.line[row])"
                    #expect(rows[key] == nil, "\(key) annotated twice")
                    let ratings = AnnotationColumns.ratings.indices.map {
                        batch.ratings[$0]![row].map(String.init) ?? "-"
                    }
                    rows[key] = [
                        batch.docID[row], String(batch.offset[row]), String(batch.tokens[row]), batch.source[row],
                        batch.domain[row] ?? "-", batch.error[row] ?? "-", ratings.joined(separator: ","),
                    ].joined(separator: "|")
                }
            }
        }
        return rows
    }

    func corpus(_ space: Workspace) throws {
        for index in 0..<9 {
            let folder = ["code", "docs", "books"][index % 3]
            try space.shard(
                "\(folder)/part-\(index).jsonl",
                (0..<20).map {
                    jsonLine([
                        "id": "d\(index)-\($0)",
                        "text": "shard \(index) document \($0) " + String(repeating: "word ", count: $0),
                    ])
                }
            )
        }
    }

    func rankOptions(
        _ space: Workspace,
        out: URL,
        rank: Int,
        world: Int,
        splitting: ShardSplitting? = nil
    ) throws -> AnnotateOptions {
        var options = space.options()
        options.output = out
        options.rank = try WorkerRank(rank: rank, world: world, origin: .flags)
        options.splitting = splitting
        return options
    }

    @Test(arguments: [2, 3, 5])
    func ranksTogetherWriteWhatOneProcessWrites(world: Int) async throws {
        let space = Workspace()
        try corpus(space)
        _ = try await space.annotate(space.options())
        let single = try Self.rows(space.out)
        #expect(single.count == 180)

        let out = space.root.appendingPathComponent("ranks")
        var annotated = 0
        for rank in 0..<world {
            if rank == world - 1 {
                let status = try RunStatus.read(folder: out)
                #expect(!status.isComplete)
                #expect(status.ranks[rank].state == "not started")
                #expect(status.ranks[rank].missing.count == 9 - annotated)
            }
            let summary = try await space.annotate(try rankOptions(space, out: out, rank: rank, world: world))
            annotated += summary.shardsAnnotated
        }
        #expect(annotated == 9)
        #expect(try Self.rows(out) == single)
        let manifests = try RunManifest.loadAll(from: out).map(\.name)
        #expect(manifests == (0..<world).map { String(format: "_dataman.rank-%04d-of-%04d.json", $0, world) })
        let status = try RunStatus.read(folder: out)
        #expect(status.isComplete && status.world == world)
        #expect(status.ranks.allSatisfy { $0.state == "finished" } && status.ranks.reduce(0) { $0 + $1.rows } == 180)

        // A rerun of any rank finds its work done; a single process over the same folder does too.
        #expect(try await space.annotate(try rankOptions(space, out: out, rank: 0, world: world)).shardsAnnotated == 0)
        var whole = space.options()
        whole.output = out
        #expect(try await space.annotate(whole).shardsAnnotated == 0)
    }

    @Test func splitShardsArePiecesDealtOverTheRanks() async throws {
        let space = Workspace()
        try space.shard(
            "big.jsonl",
            (0..<1_000).map { jsonLine(["id": "b\($0)", "text": "line \($0) of the big shard"]) } + ["", "not json"]
        )
        try space.shard("small/one.jsonl", (0..<10).map { jsonLine(["id": "s\($0)", "text": "small \($0)"]) })
        _ = try await space.annotate(space.options())
        let single = try Self.rows(space.out)

        let out = space.root.appendingPathComponent("ranks")
        let splitting = ShardSplitting(lines: 128, minimumBytes: 0)
        var pieces = 0
        for rank in 0..<3 {
            pieces += try await space.annotate(
                try rankOptions(space, out: out, rank: rank, world: 3, splitting: splitting)
            ).piecesAnnotated
        }
        // 1,002 lines in 8 pieces of 128, one piece of the small shard.
        #expect(pieces == 9)
        #expect(try Self.rows(out) == single)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("big.jsonl.part-00007.parquet").path))
        let status = try RunStatus.read(folder: out)
        #expect(status.isComplete)
        #expect(status.splitShards.map(\.piecesDone).sorted() == [1, 8])
        for rank in 0..<3 {
            #expect(
                try await space.annotate(try rankOptions(space, out: out, rank: rank, world: 3, splitting: splitting))
                    .shardsAnnotated == 0
            )
        }
    }

    @Test func retryErrorsSendsOnlyTheErrorRowsToTheRater() async throws {
        let space = Workspace()
        try space.shard(
            "a.jsonl",
            (0..<30).map { jsonLine(["id": "a\($0)", "text": $0 % 7 == 0 ? "FAIL \($0)" : "fine \($0)"]) }
        )
        try space.shard("b.jsonl", (0..<5).map { jsonLine(["id": "b\($0)", "text": "all fine \($0)"]) })
        let first = try await space.annotate(space.options())
        #expect(first.ratingErrors == 5)
        let before = try Self.rows(space.out)

        let forgiving = ForgivingRater()
        var options = space.options()
        options.retryErrors = true
        let second = try await space.annotate(options, rater: forgiving)
        #expect(second.shardsAnnotated == 1 && second.shardsSkipped == 1)
        #expect(second.ratingErrors == 0)
        #expect(forgiving.asked.withLock { $0.sorted() } == [0, 7, 14, 21, 28].map { "FAIL \($0)" }.sorted())
        let after = try Self.rows(space.out)
        #expect(after.count == before.count)
        for (key, row) in before where !row.contains("refuses FAIL") {
            #expect(after[key] == row)
        }
        #expect(!after.values.contains { $0.contains("refuses FAIL") })
    }

    /// The same for a Parquet shard of several row groups: the error rows are found again by row
    /// number, only their texts go to the rater, and every other row stays as it was.
    @Test func retryErrorsFindsAParquetShardsErrorRowsByRow() async throws {
        let space = Workspace()
        let url = space.shards.appendingPathComponent("a.parquet")
        try FileManager.default.createDirectory(at: space.shards, withIntermediateDirectories: true)
        let writer = try ParquetWriter(
            destination: url,
            columns: [ParquetColumn(name: "id", type: .string), ParquetColumn(name: "text", type: .string)],
            metadata: [],
            createdBy: "dataman tests"
        )
        for group in 0..<4 {
            let rows = (group * 10)..<(group * 10 + 10)
            try writer.write(rowGroup: [
                .string(rows.map { "p\($0)" }), .string(rows.map { $0 % 7 == 0 ? "FAIL \($0)" : "fine \($0)" }),
            ])
        }
        try writer.commit()
        let first = try await space.annotate(space.options())
        #expect(first.ratingErrors == 6)
        let before = try Self.rows(space.out)

        let forgiving = ForgivingRater()
        var options = space.options()
        options.retryErrors = true
        let second = try await space.annotate(options, rater: forgiving)
        #expect(second.shardsAnnotated == 1 && second.ratingErrors == 0)
        #expect(forgiving.asked.withLock { $0.sorted() } == [0, 7, 14, 21, 28, 35].map { "FAIL \($0)" }.sorted())
        let after = try Self.rows(space.out)
        #expect(after.count == 40 && after.count == before.count)
        for (key, row) in before where !row.contains("refuses FAIL") {
            #expect(after[key] == row)
        }
        #expect(!after.values.contains { $0.contains("refuses FAIL") })
    }

    @Test func aRankThatDiedIsToldApart() async throws {
        let space = Workspace()
        try corpus(space)
        let out = space.root.appendingPathComponent("ranks")
        _ = try await space.annotate(try rankOptions(space, out: out, rank: 1, world: 2))
        let url = out.appendingPathComponent(
            RunManifest.fileName(for: try WorkerRank(rank: 1, world: 2, origin: .flags))
        )
        var manifest = try #require(try RunManifest.load(url))
        manifest.state = .running
        try manifest.save(as: url)
        let status = try RunStatus.read(folder: out)
        #expect(status.ranks.map(\.state) == ["not started", "died"])
        #expect(!status.isComplete)
    }
}

/// Rates like `TextHashRater` but forgives FAIL, and records what it was asked.
final class ForgivingRater: Rater {
    let asked = Mutex<[String]>([])
    var descriptor: RaterDescriptor { TextHashRater().descriptor }

    func rate(_ batch: [RatingInput]) async throws -> [RatingResult] {
        asked.withLock { $0 += batch.map(\.text) }
        return batch.map { TextHashRater.expected($0.text.replacingOccurrences(of: "FAIL", with: "ok")) }
    }
}
