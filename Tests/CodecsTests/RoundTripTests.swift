import Foundation
import Testing

@testable import Codecs

@Suite struct RoundTripTests {
    static let sizes = [0, 1, 1000, 3 * 1024 * 1024 + 17]

    @Test(arguments: Compression.allCases, sizes)
    func writerOutputReadsBack(compression: Compression, size: Int) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let original = sampleBytes(count: size, seed: UInt64(size))
        let url = folder.file("data\(compression.fileSuffix)")
        try writeCompressed(original, to: url, compression: compression)

        let fileSize = Int64(try readFile(url).count)
        let (bytes, source) = try decompressAll(url, chunk: 7919)
        #expect(firstDifference(bytes, original) == nil)
        #expect(source.decompressedBytesRead == Int64(size))
        #expect(source.compressedBytesRead == fileSize)
        // Even an empty compressed stream has its frame header, so detection sees the format.
        #expect(source.compression == compression)
    }

    @Test(arguments: Compression.allCases)
    func concatenatedFramesDecodeAsOneStream(compression: Compression) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let parts = [
            sampleBytes(count: 200_000, seed: 7), [], sampleBytes(count: 1, seed: 8),
            sampleBytes(count: 70_000, seed: 9),
        ]
        var joined: [UInt8] = []
        for (i, part) in parts.enumerated() {
            let url = folder.file("part\(i)")
            try writeCompressed(part, to: url, compression: compression)
            joined += try readFile(url)
        }
        let url = folder.file("joined")
        try writeFile(joined, url)
        #expect(firstDifference(try decompressAll(url).bytes, parts.flatMap { $0 }) == nil)
    }

    @Test(arguments: [Compression.zstd, .lz4, .gzip], [1, 9])
    func levelsRoundTrip(compression: Compression, level: Int) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let original = sampleBytes(count: 300_000, seed: 3)
        let url = folder.file("leveled")
        try writeCompressed(original, to: url, compression: compression, level: level)
        #expect(firstDifference(try decompressAll(url).bytes, original) == nil)
    }

    @Test func zstdSkippableFramesAreSkipped() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let a = sampleBytes(count: 5000, seed: 1)
        let b = sampleBytes(count: 9000, seed: 2)
        try writeCompressed(a, to: folder.file("a.zst"), compression: .zstd)
        try writeCompressed(b, to: folder.file("b.zst"), compression: .zstd)
        let skippable: [UInt8] = [0x53, 0x2A, 0x4D, 0x18, 5, 0, 0, 0, 1, 2, 3, 4, 5]
        let stream =
            skippable + (try readFile(folder.file("a.zst"))) + skippable + (try readFile(folder.file("b.zst")))
            + skippable
        try writeFile(stream, folder.file("s.zst"))
        let (bytes, source) = try decompressAll(folder.file("s.zst"))
        #expect(source.compression == .zstd)
        #expect(bytes == a + b)
    }

    @Test func writerCountsBytesAndLeavesNothingWhenAbandoned() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("x.zst")
        let writer = try CompressedFileWriter(destination: url, compression: .zstd)
        try writer.write("hello, ")
        try writer.write(Array("world".utf8))
        #expect(writer.uncompressedBytesWritten == 12)
        writer.abandon()
        #expect(!FileManager.default.fileExists(atPath: url.path))
        #expect(!FileManager.default.fileExists(atPath: url.path + ".tmp"))
    }

    @Test func writerAcceptsLargeAndSmallWritesMixed() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("mixed.gz")
        let big = sampleBytes(count: 2_500_000, seed: 11)
        let writer = try CompressedFileWriter(destination: url, compression: .gzip)
        try writer.write("a")
        try writer.write(big)
        try writer.write("z")
        try writer.commit()
        #expect(writer.compressedBytesWritten == Int64(try readFile(url).count))
        #expect(firstDifference(try decompressAll(url).bytes, Array("a".utf8) + big + Array("z".utf8)) == nil)
    }

    @Test func missingFileThrows() {
        #expect(throws: (any Error).self) {
            try DecompressingSource(url: URL(fileURLWithPath: "/nonexistent/shard.zst"))
        }
    }
}
