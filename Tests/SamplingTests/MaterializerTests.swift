import Annotations
import Codecs
import Foundation
import Parquet
import Testing

@testable import Sampling
@testable import TrainingShards

@Suite("materializing a selection as shuffled .jsonl.zst shards")
struct MaterializerTests {
    /// Two zstd shards of JSON lines and their annotation files, with the lines' true offsets.
    static func corpus() throws -> (shards: URL, annotations: URL, lines: [String: [Int64: String]]) {
        let shards = AnnotationFixture.folder("shards")
        let annotations = AnnotationFixture.folder("mat-ann")
        var lines: [String: [Int64: String]] = [:]
        for shard in 0..<2 {
            let path = "web/part-\(shard).jsonl.zst"
            var rows = AnnotationFixture.rows(shard: shard, count: 400, seed: 4)
            let writer = try CompressedFileWriter(destination: shards.appendingPathComponent(path), compression: .zstd)
            var offset: Int64 = 0
            for index in rows.indices {
                // Ids with a quote are written escaped; the check leaves those alone.
                let id = index == 7 ? "q\"uoted-\(shard)" : rows[index].docID
                rows[index].docID = id
                let escaped = id.replacingOccurrences(of: "\"", with: "\\\"")
                let line =
                    index % 3 == 0
                    ? "{\"text\": \"document \(index) of shard \(shard)\", \"id\": \"\(escaped)\", \"meta\": {\"id\": 5}}"
                    : "{\"id\": \"\(escaped)\", \"text\": \"document \(index) \\\"id\\\": \\\"x\\\"\"}"
                rows[index].offset = offset
                rows[index].length = Int32(line.utf8.count)
                lines[path, default: [:]][offset] = line
                try writer.write(line + (index % 5 == 0 ? "\r\n" : "\n"))
                offset += Int64(line.utf8.count + (index % 5 == 0 ? 2 : 1))
            }
            try writer.commit()
            try AnnotationFixture.write(
                rows,
                to: annotations.appendingPathComponent("part-\(shard).parquet"),
                inputPath: path
            )
        }
        return (shards, annotations, lines)
    }

    @Test(
        "a new selection first removes an earlier mixture's manifest, data and spill; an unfinished run's data.tmp stays"
    )
    func discardsStaleData() throws {
        let out = AnnotationFixture.folder("stale-mixture")
        for folder in ["data", "data.tmp", "spill.tmp"] {
            try FileManager.default.createDirectory(
                at: out.appendingPathComponent(folder),
                withIntermediateDirectories: true
            )
            try Data("x".utf8).write(to: out.appendingPathComponent("\(folder)/part-00000.jsonl.zst"))
        }
        for file in ["manifest.json", "selection.parquet", "report.json"] {
            try Data("{}".utf8).write(to: out.appendingPathComponent(file))
        }
        try Materializer.discardMixtureData(in: out)
        let left = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        // data.tmp is kept for a resume; its progress file names the selection it belongs to.
        #expect(left == ["data.tmp", "report.json", "selection.parquet"])
        try Materializer.discardMixtureData(in: out)
    }

    @Test("every selected document appears once per epoch, as its original line, in files of about --shard-tokens")
    func writes() async throws {
        let (shards, annotationFolder, lines) = try Self.corpus()
        let out = AnnotationFixture.folder("mat-out")
        defer { AnnotationFixture.remove([shards, annotationFolder, out]) }
        let annotations = try AnnotationSet.open([annotationFolder])
        let pool = annotations.files.count
        #expect(pool == 2)
        let poolTokens = try await Sampler(configuration: SampleConfiguration(budget: 1), annotations: annotations)
            .histogram()
            .poolTokens.values.reduce(0, +)
        var configuration = SampleConfiguration(budget: poolTokens * 3 / 2)
        configuration.maxEpochs = 3
        configuration.stratification = .domain
        configuration.threads = 2
        let report = try await Sampler(configuration: configuration, annotations: annotations).run(
            output: out,
            dryRun: false
        )
        #expect(report.strata.contains { $0.epochs > 1 })
        let materializer = try Materializer(annotations: annotations, shardsRoot: shards)
        // Tiny spill buckets, so the external shuffle goes through hundreds of them.
        let options = try TrainingShardOptions(format: .jsonlZstd, shardTokens: 20_000, seed: 3, bucketBytes: 2_000)
        let manifest = try TrainingShardWriter(materializer: materializer, options: options)
            .run(selection: out.appendingPathComponent("selection.parquet"), output: out)
        let selection = try SelectedRowReadBack.read(out.appendingPathComponent("selection.parquet"))
        #expect(manifest.documents == Int64(selection.count))
        #expect(manifest.tokens == report.selectedTokens)
        #expect(manifest.files.count > 3)
        #expect(manifest.files.dropLast().allSatisfy { $0.tokens >= 20_000 })
        #expect(manifest.repeatedDocuments == Int64(selection.filter { $0.epoch > 0 }.count))

        let written = try Self.lines(out, manifest)
        let expected = try selectionLines(out, lines)
        #expect(written.sorted() == expected.sorted())
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("data.tmp").path))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("spill.tmp").path))

        // The order is the copies' seeded keys: the same for another thread count and bucket size, and
        // not the reading order (which --no-shuffle keeps).
        let copies = try materializer.copies(selection: out.appendingPathComponent("selection.parquet"))
        let positions = TrainingOrder.positions(of: copies, seed: 3, shuffle: true)
        let keyed = copies.indices.sorted { positions[$0] < positions[$1] }.map {
            lines[copies[$0].shard]![copies[$0].offset]!
        }
        #expect(written == keyed)
        // A repeat follows its first copy in reading order; shuffled, the pairs are as far apart as random
        // positions are (n/3 on average), not adjacent.
        let pairs = copies.indices.dropFirst().filter {
            copies[$0].epoch > 0 && copies[$0 - 1].idHash == copies[$0].idHash
        }
        #expect(pairs.count > 20)
        let spread = pairs.map { abs(positions[$0] - positions[$0 - 1]) }.reduce(0, +) / max(1, pairs.count)
        #expect(spread > copies.count / 5, "repeats sit \(spread) positions from their first copy on average")
        let other = out.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: out.appendingPathComponent("selection.parquet"),
            to: other.appendingPathComponent("selection.parquet")
        )
        let again = try TrainingShardWriter(
            materializer: materializer,
            options: try TrainingShardOptions(format: .jsonlZstd, shardTokens: 20_000, seed: 3, threads: 4)
        ).run(selection: other.appendingPathComponent("selection.parquet"), output: other)
        #expect(try Self.lines(other, again) == written)
        let unshuffled = try TrainingShardWriter(
            materializer: materializer,
            options: try TrainingShardOptions(format: .jsonlZstd, shardTokens: 20_000, seed: 3, shuffle: false)
        ).run(selection: other.appendingPathComponent("selection.parquet"), output: other)
        let reading = copies.map { lines[$0.shard]![$0.offset]! }
        #expect(try Self.lines(other, unshuffled) == reading)
        #expect(reading != written)
    }

    /// Every line of the manifest's files, in order.
    static func lines(_ out: URL, _ manifest: TrainingManifest) throws -> [String] {
        var written: [String] = []
        for file in manifest.files {
            let source = try DecompressingSource(url: out.appendingPathComponent(file.path))
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while case let count = try chunk.withUnsafeMutableBytes({ try source.read(into: $0) }), count > 0 {
                bytes += chunk[..<count]
            }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.hasSuffix("\n"))
            written += text.split(separator: "\n").map(String.init)
        }
        return written
    }

    @Test("a killed run resumes: committed files are kept as they are, the rest written, the result the same")
    func resumes() async throws {
        let (shards, annotationFolder, _) = try Self.corpus()
        let out = AnnotationFixture.folder("mat-resume")
        defer { AnnotationFixture.remove([shards, annotationFolder, out]) }
        let annotations = try AnnotationSet.open([annotationFolder])
        _ = try await Sampler(configuration: SampleConfiguration(budget: 60_000), annotations: annotations).run(
            output: out,
            dryRun: false
        )
        let writer = TrainingShardWriter(
            materializer: try Materializer(annotations: annotations, shardsRoot: shards),
            options: try TrainingShardOptions(format: .jsonlZstd, shardTokens: 5_000, seed: 9, bucketBytes: 4_000)
        )
        let selection = out.appendingPathComponent("selection.parquet")
        let complete = try writer.run(selection: selection, output: out)
        #expect(complete.files.count > 4)
        let data = out.appendingPathComponent("data")
        let staging = out.appendingPathComponent("data.tmp")
        func contents() throws -> [String: Data] {
            var result: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: data.path) {
                result[name] = try Data(contentsOf: data.appendingPathComponent(name))
            }
            return result
        }
        let reference = try contents()

        // The state a kill after the second shard leaves: two files listed, a third half-written, no manifest.
        try FileManager.default.removeItem(at: out.appendingPathComponent("manifest.json"))
        try FileManager.default.moveItem(at: data, to: staging)
        var progress = TrainingManifest(settings: complete.settings)
        for file in complete.files.prefix(2) {
            progress.append(file, through: progress.positions + Int(file.documents))
        }
        for file in complete.files.dropFirst(2) {
            try FileManager.default.removeItem(at: out.appendingPathComponent("data.tmp/" + file.path.dropFirst(5)))
        }
        try Data("half".utf8).write(to: staging.appendingPathComponent("part-00002.jsonl.zst.tmp"))
        try Data(TrainingShardWriter.encode(progress)).write(to: staging.appendingPathComponent("_progress.json"))
        let kept = try FileManager.default.attributesOfItem(
            atPath: staging.appendingPathComponent("part-00000.jsonl.zst").path
        )

        let resumed = try writer.run(selection: selection, output: out)
        #expect(resumed == complete)
        #expect(try contents() == reference)
        let after = try FileManager.default.attributesOfItem(
            atPath: data.appendingPathComponent("part-00000.jsonl.zst").path
        )
        #expect(after[.systemFileNumber] as? Int == kept[.systemFileNumber] as? Int, "a committed file was rewritten")

        // A listed file that changed size is not trusted: the run starts over, with the same result.
        try FileManager.default.removeItem(at: out.appendingPathComponent("manifest.json"))
        try FileManager.default.moveItem(at: data, to: staging)
        try Data(TrainingShardWriter.encode(progress)).write(to: staging.appendingPathComponent("_progress.json"))
        try Data("cut".utf8).write(to: staging.appendingPathComponent("part-00001.jsonl.zst"))
        #expect(try writer.run(selection: selection, output: out) == complete)
        #expect(try contents() == reference)
    }

    private func selectionLines(_ out: URL, _ lines: [String: [Int64: String]]) throws -> [String] {
        let reader = try ParquetReader(url: out.appendingPathComponent("selection.parquet"))
        guard case .string(let shards) = try reader.read(column: "shard"),
            case .int64(let offsets) = try reader.read(column: "offset")
        else {
            return []
        }
        return zip(shards, offsets).map { lines[$0!]![$1!]! }
    }

    @Test("a missing shard is refused before anything is read; a changed shard stops with nothing under data/")
    func badShards() async throws {
        let (shards, annotationFolder, _) = try Self.corpus()
        let elsewhere = AnnotationFixture.folder("no-shards")
        let out = AnnotationFixture.folder("mat-bad")
        defer { AnnotationFixture.remove([shards, annotationFolder, elsewhere, out]) }
        let annotations = try AnnotationSet.open([annotationFolder])
        #expect(throws: SamplingError.self) {
            try Materializer(annotations: annotations, shardsRoot: elsewhere)
        }

        _ = try await Sampler(configuration: SampleConfiguration(budget: 50_000), annotations: annotations).run(
            output: out,
            dryRun: false
        )
        // Replace a shard by one whose lines moved: ids no longer sit at the annotated offsets.
        let moved = try CompressedFileWriter(
            destination: shards.appendingPathComponent("web/part-1.jsonl.zst"),
            compression: .zstd
        )
        for index in 0..<400 {
            try moved.write("{\"id\": \"other-\(index)\", \"text\": \"\(String(repeating: "x", count: index % 7))\"}\n")
        }
        try moved.commit()
        let error = #expect(throws: SamplingError.self) {
            try TrainingShardWriter(
                materializer: try Materializer(annotations: annotations, shardsRoot: shards),
                options: try TrainingShardOptions(format: .jsonlZstd, shardTokens: 1000, seed: 0)
            ).run(selection: out.appendingPathComponent("selection.parquet"), output: out)
        }
        #expect(error?.message.contains("web/part-1.jsonl.zst") == true)
        #expect(error?.message.contains("changed since it was annotated") == true)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("data").path))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("manifest.json").path))
    }
}
