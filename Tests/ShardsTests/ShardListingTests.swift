import Foundation
import Testing

@testable import Shards

@Suite struct ShardListingTests {
    @Test func shardNames() {
        for name in [
            "a.jsonl", "a.json", "a.ndjson", "a.jsonl.zst", "a.jsonl.zstd", "a.json.zst", "a.jsonl.lz4", "a.jsonl.gz",
            "a.json.gz", "a.ndjson.zst", "a.ndjson.gz", "a.json.lz4", "A.JSONL.ZST", "part-00001.jsonl.zst",
            "a.parquet", "train-00000-of-00042.parquet", "A.PARQUET",
        ] {
            #expect(ShardListing.isShardName(name), "\(name)")
        }
        for name in [
            "a.txt", "a.jsonl.bz2", "a.zst", ".parquet", "a.parquet.tmp", "jsonl", "a.jsonl.zst.tmp", ".jsonl", "a.gz",
        ] {
            #expect(!ShardListing.isShardName(name), "\(name)")
        }
    }

    @Test func walksFoldersRecursivelyAndSkipsHiddenAndOtherFiles() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let root = "corpus"
        for path in [
            "b.jsonl", "a/2.jsonl.zst", "a/1.json.gz", "a/deep/er/x.ndjson", "c/z.jsonl.lz4",
            "a/readme.txt", "a/.hidden.jsonl", ".git/objects/o.jsonl", "a/.cache/y.jsonl", "c/notes.md",
        ] {
            try folder.write("{}\n", to: "\(root)/\(path)")
        }
        let shards = try ShardListing.list([folder.file(root)])
        #expect(
            shards.map(\.relativePath) == [
                "a/1.json.gz", "a/2.jsonl.zst", "a/deep/er/x.ndjson", "b.jsonl", "c/z.jsonl.lz4",
            ]
        )
        #expect(shards.allSatisfy { $0.rootName == root })
        #expect(shards.map(\.topFolder) == ["a", "a", "a", root, "c"])
        #expect(
            shards[2].url.standardizedFileURL.path == folder.file("\(root)/a/deep/er/x.ndjson").standardizedFileURL.path
        )
    }

    /// Parquet files are shards, but annotate's own output folder inside an input is not walked.
    @Test func parquetFilesAreShardsButTheOutputFolderIsLeftOut() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for path in ["data/train-00000-of-00002.parquet", "data/b.jsonl", "data/ann/data/b.jsonl.parquet"] {
            try folder.write("{}\n", to: "corpus/\(path)")
        }
        let everything = try ShardListing.list([folder.file("corpus")])
        #expect(everything.count == 3)
        let shards = try ShardListing.list([folder.file("corpus")], excluding: folder.file("corpus/data/ann"))
        #expect(shards.map(\.relativePath) == ["data/b.jsonl", "data/train-00000-of-00002.parquet"])
        #expect(shards.map(\.format) == [.jsonl, .parquet])
    }

    @Test func fileInputsUseTheirNameAndParentFolder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = try folder.write("{}\n", to: "books/part-1.jsonl.zst")
        let shards = try ShardListing.list([url])
        #expect(shards.count == 1)
        #expect(shards[0].relativePath == "part-1.jsonl.zst")
        #expect(shards[0].rootName == "books")
        #expect(shards[0].topFolder == "books")
    }

    @Test func followsSymbolicLinksWithoutLooping() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let target = try folder.write("{}\n", to: "elsewhere/real.jsonl")
        try folder.write("{}\n", to: "other/o.jsonl")
        try FileManager.default.createDirectory(at: folder.file("in/sub"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: folder.file("in/linked.jsonl"), withDestinationURL: target)
        try FileManager.default.createSymbolicLink(
            at: folder.file("in/sub/loop"),
            withDestinationURL: folder.file("in")
        )
        try FileManager.default.createSymbolicLink(
            at: folder.file("in/other"),
            withDestinationURL: folder.file("other")
        )
        let shards = try ShardListing.list([folder.file("in")])
        #expect(shards.map(\.relativePath) == ["linked.jsonl", "other/o.jsonl"])
    }

    @Test func brokenLinkNamedLikeAShardIsAnError() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(at: folder.file("in"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: folder.file("in/gone.jsonl"),
            withDestinationURL: folder.file("nowhere.jsonl")
        )
        #expect(throws: ShardsError.brokenLink(folder.file("in/gone.jsonl").path)) {
            try ShardListing.list([folder.file("in")])
        }
    }

    @Test func missingInputIsAnError() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let missing = folder.file("absent")
        #expect(throws: ShardsError.missingInput(missing.path)) { try ShardListing.list([missing]) }
        let error = try #require(throws: ShardsError.self) { try ShardListing.list([missing]) }
        #expect(error.description.contains("no such file or folder"))
    }

    @Test func fileInputWithoutShardSuffixIsAnError() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = try folder.write("{}\n", to: "data.txt")
        #expect(throws: ShardsError.notAShard(url.path)) { try ShardListing.list([url]) }
    }

    @Test func duplicateRelativePathsAreAnError() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("{}\n", to: "one/web/a.jsonl")
        try folder.write("{}\n", to: "two/web/a.jsonl")
        try folder.write("{}\n", to: "two/web/b.jsonl")
        let error = try #require(throws: ShardsError.self) {
            try ShardListing.list([folder.file("one"), folder.file("two")])
        }
        guard case .duplicateRelativePath(let relative, _, _) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(relative == "web/a.jsonl")
        // Distinct relative paths from several inputs are merged and sorted.
        try FileManager.default.removeItem(at: folder.file("two/web/a.jsonl"))
        let shards = try ShardListing.list([folder.file("two"), folder.file("one")])
        #expect(shards.map(\.relativePath) == ["web/a.jsonl", "web/b.jsonl"])
        #expect(shards.map(\.rootName) == ["one", "two"])
    }

    @Test func sortsByBytesNotLocale() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for name in ["b.jsonl", "B.jsonl", "a10.jsonl", "a9.jsonl", "é.jsonl"] {
            try folder.write("{}\n", to: "r/\(name)")
        }
        #expect(
            try ShardListing.list([folder.file("r")]).map(\.relativePath) == [
                "B.jsonl", "a10.jsonl", "a9.jsonl", "b.jsonl", "é.jsonl",
            ]
        )
    }
}
