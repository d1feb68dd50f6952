import Testing

@testable import Codecs

@Suite struct ZstdOneShotTests {
    @Test(arguments: [0, 1, 4096, 1_000_003])
    func roundTrip(size: Int) throws {
        let original = sampleBytes(count: size, seed: 9)
        let packed = original.withUnsafeBytes { Zstd.compress($0, level: 3) }
        #expect(packed.starts(with: [0x28, 0xB5, 0x2F, 0xFD]))
        let unpacked = try packed.withUnsafeBytes { try Zstd.decompress($0, uncompressedSize: size) }
        #expect(firstDifference(unpacked, original) == nil)
    }

    @Test func reusedContextsGiveTheSameResults() throws {
        let compressor = Zstd.Compressor(level: 5)
        let decompressor = Zstd.Decompressor()
        for seed in 1...20 {
            let original = sampleBytes(count: 10_000 + seed * 333, seed: UInt64(seed))
            let packed = original.withUnsafeBytes { compressor.compress($0) }
            #expect(packed == original.withUnsafeBytes { Zstd.compress($0, level: 5) })
            #expect(
                firstDifference(
                    try packed.withUnsafeBytes { try decompressor.decompress($0, uncompressedSize: original.count) },
                    original
                ) == nil
            )
        }
    }

    /// The error decoding `packed` gives, or nil when it decodes.
    static func failure(_ packed: [UInt8], expecting size: Int) -> CodecError? {
        do {
            _ = try packed.withUnsafeBytes { try Zstd.decompress($0, uncompressedSize: size) }
            return nil
        } catch {
            return error as? CodecError
        }
    }

    @Test func wrongExpectedSizeThrows() throws {
        let original = sampleBytes(count: 5000)
        let packed = original.withUnsafeBytes { Zstd.compress($0) }
        for wrong in [4999, 5001, 0, -1] {
            #expect(Self.failure(packed, expecting: wrong) != nil)
        }
        #expect(Self.failure(packed, expecting: 5001)?.kind == .sizeMismatch)
    }

    @Test func corruptAndTruncatedInputThrow() {
        let original = sampleBytes(count: 50_000)
        var packed = original.withUnsafeBytes { Zstd.compress($0) }
        #expect(Self.failure(Array(packed.prefix(packed.count / 2)), expecting: 50_000)?.kind == .truncated)
        packed[packed.count / 2] ^= 0xFF
        packed[packed.count / 2 + 1] ^= 0xFF
        #expect(Self.failure(packed, expecting: 50_000)?.kind == .corrupt)
    }
}
