import Testing

@testable import Codecs

@Suite struct CompressionDetectionTests {
    @Test func recognisesEachMagic() {
        #expect(Compression.detect(magic: [0x28, 0xB5, 0x2F, 0xFD, 0x00]) == .zstd)
        #expect(Compression.detect(magic: [0x04, 0x22, 0x4D, 0x18]) == .lz4)
        #expect(Compression.detect(magic: [0x1F, 0x8B, 0x08, 0x00]) == .gzip)
        #expect(Compression.detect(magic: Array("{\"text\": 1}".utf8)) == .none)
    }

    @Test func shortOrEmptyPrefixIsPlain() {
        #expect(Compression.detect(magic: []) == .none)
        #expect(Compression.detect(magic: [0x28, 0xB5]) == .none)
        #expect(Compression.detect(magic: [0x7B]) == .none)
    }

    @Test func looksPastLeadingSkippableFrames() {
        let skippable: [UInt8] = [0x50, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 9, 9, 9]
        #expect(Compression.detect(magic: skippable + [0x04, 0x22, 0x4D, 0x18]) == .lz4)
        #expect(Compression.detect(magic: skippable + [0x28, 0xB5, 0x2F, 0xFD]) == .zstd)
        // The chain runs past what was read: zstd is the format that uses leading skippable frames.
        #expect(Compression.detect(magic: [0x5E, 0x2A, 0x4D, 0x18, 0xFF, 0xFF, 0, 0, 1]) == .zstd)
    }

    @Test func suffixesAndLevels() {
        #expect(Compression.zstd.fileSuffix == ".zst")
        #expect(Compression.gzip.fileSuffix == ".gz")
        #expect(Compression.none.fileSuffix == "")
        #expect(Compression.zstd.defaultLevel == 3)
    }
}
