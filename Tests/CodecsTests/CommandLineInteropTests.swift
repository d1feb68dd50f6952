import Foundation
import Testing

@testable import Codecs

/// Files made by the real `zstd`, `lz4` and `gzip` tools read back identically, and theirs read ours.
@Suite struct CommandLineInteropTests {
    static let tools: [(Compression, compress: String, decompress: String)] = [
        (.zstd, "zstd -q -c", "zstd -q -d -c"),
        (.lz4, "lz4 -q -c", "lz4 -q -d -c"),
        (.gzip, "gzip -c", "gzip -d -c"),
    ]

    @Test(arguments: 0..<3)
    func toolOutputDecodes(tool: Int) throws {
        let (compression, compress, _) = Self.tools[tool]
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for size in [0, 1, 2_000_000] {
            let original = sampleBytes(count: size, seed: 42)
            let plain = folder.file("plain\(size)")
            try writeFile(original, plain)
            let packed = folder.file("packed\(size)")
            try shell("\(compress) '\(plain.path)' > '\(packed.path)'")
            let (bytes, source) = try decompressAll(packed)
            #expect(source.compression == compression)
            #expect(firstDifference(bytes, original) == nil)
        }
    }

    @Test(arguments: 0..<3)
    func toolOutputConcatenatedDecodes(tool: Int) throws {
        let (compression, compress, _) = Self.tools[tool]
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let a = sampleBytes(count: 300_000, seed: 1)
        let b = sampleBytes(count: 1234, seed: 2)
        try writeFile(a, folder.file("a"))
        try writeFile(b, folder.file("b"))
        let joined = folder.file("joined\(compression.fileSuffix)")
        try shell(
            "cd '\(folder.url.path)' && \(compress) a > a.c && \(compress) b > b.c && cat a.c b.c a.c > '\(joined.path)'"
        )
        #expect(firstDifference(try decompressAll(joined).bytes, a + b + a) == nil)
    }

    @Test(arguments: 0..<3)
    func toolsReadWriterOutput(tool: Int) throws {
        let (compression, _, decompress) = Self.tools[tool]
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let original = sampleBytes(count: 1_500_000, seed: 77)
        let packed = folder.file("ours\(compression.fileSuffix)")
        try writeCompressed(original, to: packed, compression: compression)
        let unpacked = folder.file("unpacked")
        try shell("\(decompress) '\(packed.path)' > '\(unpacked.path)'")
        #expect(firstDifference(try readFile(unpacked), original) == nil)
    }

    @Test func zstdToolMultiThreadedAndLongModeOutputDecodes() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let original = sampleBytes(count: 3_000_000, seed: 5)
        try writeFile(original, folder.file("in"))
        try shell("cd '\(folder.url.path)' && zstd -q -T2 -19 --long=27 -c in > out.zst")
        #expect(firstDifference(try decompressAll(folder.file("out.zst")).bytes, original) == nil)
    }
}
