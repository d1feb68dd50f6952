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

    @Test func namesSayWhichFormatAFileShouldBeIn() {
        #expect(Compression.named(by: "web/part-1.jsonl.zst") == .zstd)
        #expect(Compression.named(by: "a.JSONL.GZ") == .gzip)
        #expect(Compression.named(by: "b.jsonl.lz4") == .lz4)
        #expect(Compression.named(by: "c.jsonl") == nil)
    }

    /// Random bytes named .zst were read as plain JSONL: one bad record per "line" and exit 0.
    @Test func aSuffixTheBytesDoNotMatchIsCorrupt() throws {
        struct Bytes: ByteSource {
            var bytes: [UInt8]
            mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
                let n = min(buffer.count, bytes.count)
                buffer.copyBytes(from: bytes.prefix(n))
                bytes.removeFirst(n)
                return n
            }
        }
        let error = #expect(throws: CodecError.self) {
            try DecompressingSource(upstream: Bytes(bytes: [0xD7, 0xC3, 0x19, 0x9C, 0x2A]), name: "x.jsonl.zst")
        }
        #expect(error?.kind == .notTheNamedFormat)
        #expect(error?.compression == .zstd)
        #expect(
            error?.description
                == "x.jsonl.zst: named .zst but its first bytes are not zstd data (it starts with d7 c3 19 9c 2a)"
        )
        // Plain text under a plain name, and the real format under its name, are read as before.
        #expect(try DecompressingSource(upstream: Bytes(bytes: Array("{}".utf8)), name: "x.jsonl").compression == .none)
        let zstd = Array("{}\n".utf8).withUnsafeBytes { Zstd.compress($0) }
        #expect(try DecompressingSource(upstream: Bytes(bytes: zstd), name: "x.jsonl.zst").compression == .zstd)
    }
}
