import Annotations
import Codecs
import Foundation
import Parquet
import Testing

@testable import Sampling

@Suite("materializing a selection as .jsonl.zst shards")
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

    @Test("a new selection first removes an earlier mixture's manifest and data, and nothing else")
    func discardsStaleData() throws {
        let out = AnnotationFixture.folder("stale-mixture")
        for folder in ["data", "data.tmp"] {
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
        #expect(left == ["report.json", "selection.parquet"])
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
        let manifest = try Materializer(annotations: annotations, shardsRoot: shards, shardTokens: 20_000)
            .run(selection: out.appendingPathComponent("selection.parquet"), output: out)
        let selection = try SelectedRowReadBack.read(out.appendingPathComponent("selection.parquet"))
        #expect(manifest.documents == Int64(selection.count))
        #expect(manifest.tokens == report.selectedTokens)
        #expect(manifest.files.count > 3)
        #expect(manifest.files.dropLast().allSatisfy { $0.tokens >= 20_000 })
        #expect(manifest.repeatedDocuments == Int64(selection.filter { $0.epoch > 0 }.count))

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
        let expected = try selectionLines(out, lines)
        #expect(written.sorted() == expected.sorted())
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("data.tmp").path))
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
            try Materializer(annotations: annotations, shardsRoot: elsewhere, shardTokens: 1000)
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
            try Materializer(annotations: annotations, shardsRoot: shards, shardTokens: 1000)
                .run(selection: out.appendingPathComponent("selection.parquet"), output: out)
        }
        #expect(error?.message.contains("web/part-1.jsonl.zst") == true)
        #expect(error?.message.contains("changed since it was annotated") == true)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("data").path))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("data.tmp").path))
    }
}
