import Foundation
import Testing

@testable import Codecs

/// One-shot block decompression must give exactly the stated size or fail; Parquet's conformance tests cover
/// snappy, brotli and LZ4 blocks from real writers.
@Suite("Block decompression into a buffer of the stated size")
struct BlockDecompressorTests {
    /// `packed` decompressed into buffers one byte short, exact and one byte long; returns the three outcomes.
    static func outcomes(_ codec: BlockCodec, _ packed: [UInt8], size: Int) -> [[UInt8]?] {
        let decompressor = BlockDecompressor()
        return [size - 1, size, size + 1].map { capacity in
            var output = [UInt8](repeating: 0, count: capacity)
            let ok = packed.withUnsafeBytes { input in
                output.withUnsafeMutableBytes { (try? decompressor.decompress(codec, input, into: $0)) != nil }
            }
            return ok ? output : nil
        }
    }

    @Test("gzip and zstd blocks decode to exactly their size, and a decompressor is reused after a failure")
    func exactSize() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let original = sampleBytes(count: 100_000)
        let url = folder.file("block.gz")
        let writer = try CompressedFileWriter(destination: url, compression: .gzip)
        try writer.write(original)
        try writer.commit()
        let gzip = [UInt8](try Data(contentsOf: url))
        #expect(Self.outcomes(.gzip, gzip, size: original.count) == [nil, original, nil])
        let zstd = original.withUnsafeBytes { Zstd.compress($0) }
        #expect(Self.outcomes(.zstd, zstd, size: original.count) == [nil, original, nil])
        // Damaged data fails; the next block decodes with the same decompressor.
        let decompressor = BlockDecompressor()
        var damaged = gzip
        for i in 100..<120 { damaged[i] ^= 0xFF }
        var output = [UInt8](repeating: 0, count: original.count)
        #expect(throws: BlockDecompressor.Failure.self) {
            try damaged.withUnsafeBytes { input in
                try output.withUnsafeMutableBytes { try decompressor.decompress(.gzip, input, into: $0) }
            }
        }
        try gzip.withUnsafeBytes { input in
            try output.withUnsafeMutableBytes { try decompressor.decompress(.gzip, input, into: $0) }
        }
        #expect(output == original)
    }

    @Test("garbage is refused by every codec, also into an empty buffer")
    func garbage() {
        let decompressor = BlockDecompressor()
        let junk: [UInt8] = Array("definitely not compressed data, honest".utf8)
        for codec in BlockCodec.allCases {
            for size in [0, 10, 1000] {
                var output = [UInt8](repeating: 0, count: size)
                let ok = junk.withUnsafeBytes { input in
                    output.withUnsafeMutableBytes { (try? decompressor.decompress(codec, input, into: $0)) != nil }
                }
                #expect(!ok, "\(codec) into \(size)")
            }
        }
    }
}
