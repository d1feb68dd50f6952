import Foundation
import Testing

@testable import Codecs

@Suite struct CorruptStreamTests {
    /// A compressed file of `compression` holding 400 kB of sample data.
    static func compressedSample(_ compression: Compression, in folder: TemporaryFolder) throws -> [UInt8] {
        let url = folder.file("whole")
        try writeCompressed(sampleBytes(count: 400_000, seed: 5), to: url, compression: compression)
        return try readFile(url)
    }

    static func decodeError(_ bytes: [UInt8], named name: String, in folder: TemporaryFolder) throws -> CodecError? {
        let url = folder.file(name)
        try writeFile(bytes, url)
        do {
            _ = try decompressAll(url, chunk: 1 << 20)
            return nil
        } catch let error as CodecError {
            return error
        }
    }

    @Test(arguments: [Compression.zstd, .lz4, .gzip])
    func truncatedStreamNamesFileAndOffset(compression: Compression) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let whole = try Self.compressedSample(compression, in: folder)
        for cut in [whole.count / 2, whole.count - 1, 10] {
            let error = try #require(try Self.decodeError(Array(whole.prefix(cut)), named: "cut\(cut).bin", in: folder))
            #expect(error.kind == .truncated)
            #expect(error.offset == Int64(cut))
            #expect(error.description.contains("cut\(cut).bin: unexpected end of \(compression) stream at byte \(cut)"))
        }
    }

    @Test(arguments: [Compression.zstd, .gzip])
    func bytesDecodedBeforeTheCutComeFirst(compression: Compression) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let original = sampleBytes(count: 400_000, seed: 5)
        let whole = try Self.compressedSample(compression, in: folder)
        let url = folder.file("cut")
        try writeFile(Array(whole.prefix(whole.count / 2)), url)
        let source = try DecompressingSource(url: url)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 1)
        defer { buffer.deallocate() }
        let n = try source.read(into: buffer)
        #expect(n > 0 && n < original.count)
        #expect(firstDifference(Array(buffer[0..<n]), Array(original.prefix(n))) == nil)
        #expect(throws: CodecError.self) { try source.read(into: buffer) }
        // The failure stays: a caller that keeps reading does not see a clean end.
        #expect(throws: CodecError.self) { try source.read(into: buffer) }
    }

    @Test(arguments: [Compression.zstd, .lz4, .gzip])
    func corruptedStreamIsRejectedWithOffset(compression: Compression) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var bytes = try Self.compressedSample(compression, in: folder)
        let middle = bytes.count / 2
        for i in middle..<(middle + 16) { bytes[i] ^= 0x5A }
        let error = try #require(try Self.decodeError(bytes, named: "bad.bin", in: folder))
        #expect(error.kind == .corrupt)
        // Reported within the 128 KiB slice (zstd) or 4 MiB block (LZ4) holding the damage, or after it (checksums).
        let earliest = compression == .lz4 ? 0 : Int64(middle - (128 << 10))
        #expect(error.offset >= earliest && error.offset <= Int64(bytes.count))
        #expect(error.description.contains("bad.bin: corrupt \(compression) stream at byte \(error.offset)"))
    }

    @Test(arguments: [Compression.zstd, .lz4, .gzip])
    func garbageAfterLastFrameIsRejected(compression: Compression) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let whole = try Self.compressedSample(compression, in: folder)
        let error = try #require(
            try Self.decodeError(whole + Array("trailing junk".utf8), named: "junk.bin", in: folder)
        )
        #expect(error.offset >= Int64(whole.count))
    }

    @Test func damagedHeaderIsCorruptAtStart() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var bytes = try Self.compressedSample(.gzip, in: folder)
        bytes[2] = 0x07  // compression method must be 8 (deflate)
        let error = try #require(try Self.decodeError(bytes, named: "method.gz", in: folder))
        #expect(error.kind == .corrupt)
        #expect(error.offset <= 10)
    }
}
