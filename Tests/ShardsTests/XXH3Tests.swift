import Testing

@testable import Shards

@Suite struct XXH3Tests {
    @Test func knownValues() {
        #expect(xxh3_64("hello") == 0x9555_e855_5c62_dcfd)
        #expect(xxh3_64("") == 0x2d06_8005_38d3_94c2)
        #expect(xxh3_64("数据") == Array("数据".utf8).withUnsafeBytes { xxh3_64($0) })
    }

    @Test func streamingMatchesOneShot() {
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        let hasher = XXH3Hasher()
        var at = 0
        for piece in [1, 7, 64, 240, 1000, 33_333] + Array(repeating: 10_000, count: 10) where at < bytes.count {
            let end = min(bytes.count, at + piece)
            hasher.update(Array(bytes[at..<end]))
            at = end
        }
        hasher.update(Array(bytes[at...]))
        #expect(hasher.count == 100_000)
        #expect(hasher.digest == bytes.withUnsafeBytes { xxh3_64($0) })
    }
}
