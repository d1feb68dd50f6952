import CBrotli
import CLZ4
import CSnappy

/// The codecs of self-contained compressed blocks whose decompressed size the container states:
/// Parquet pages. (`Compression` names the formats of whole files, which these are not.)
public enum BlockCodec: String, Sendable, CaseIterable {
    case snappy, gzip, brotli, zstd
    /// An LZ4 block without framing (Parquet's LZ4_RAW).
    case lz4Raw = "lz4_raw"
    /// Parquet's deprecated LZ4: Hadoop's framing (big-endian sizes before each block), or a bare
    /// block as some older writers stored it.
    case lz4Hadoop = "lz4_hadoop"
}

/// Decompresses one block at a time into a buffer the caller sized from the container's claim, so the
/// caller bounds every allocation and reuses its buffers; the codec contexts are kept between blocks.
/// Not thread-safe: one per reader.
public final class BlockDecompressor {
    /// A block that is damaged or does not expand to exactly the stated size. It is a separate type from
    /// `CodecError` because that one names file formats and stream offsets, which a block has neither of.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let codec: BlockCodec
        public let detail: String

        public var description: String { "\(codec.rawValue) block: \(detail)" }
    }

    private let zstd = Zstd.Decompressor()
    /// Kept between blocks to save zlib's setup; dropped after a failure, which leaves it mid-stream.
    private var gzip: GzipStreamDecoder?

    public init() {}

    /// Fills `output` exactly with the decompression of `input`, or throws.
    public func decompress(
        _ codec: BlockCodec,
        _ input: UnsafeRawBufferPointer,
        into output: UnsafeMutableRawBufferPointer
    ) throws(Failure) {
        func fail(_ detail: String) -> Failure { Failure(codec: codec, detail: detail) }
        // The C libraries want a real pointer even for an empty output.
        guard output.baseAddress != nil else {
            let spare = UnsafeMutableRawBufferPointer.allocate(byteCount: 1, alignment: 1)
            defer { spare.deallocate() }
            return try decompress(codec, input, into: UnsafeMutableRawBufferPointer(rebasing: spare[0..<0]))
        }
        switch codec {
        case .zstd:
            do { try zstd.decompress(input, into: output) } catch let error as CodecError {
                throw fail(error.detail)
            } catch {
                throw fail("\(error)")
            }
        case .snappy:
            var stated = 0
            guard
                snappy_uncompressed_length(input.baseAddress?.assumingMemoryBound(to: CChar.self), input.count, &stated)
                    == SNAPPY_OK
            else {
                throw fail("no valid length header")
            }
            guard stated == output.count else { throw fail("holds \(stated) bytes, \(output.count) expected") }
            var length = output.count
            guard
                snappy_uncompress(
                    input.baseAddress?.assumingMemoryBound(to: CChar.self),
                    input.count,
                    output.baseAddress!.assumingMemoryBound(to: CChar.self),
                    &length
                ) == SNAPPY_OK, length == output.count
            else { throw fail("corrupt data") }
        case .lz4Raw:
            try lz4Block(input, into: output, codec: codec)
        case .lz4Hadoop:
            // A bare block is what a Hadoop frame that does not parse most likely is (as Arrow reads it).
            if (try? lz4Hadoop(input, into: output)) == nil { try lz4Block(input, into: output, codec: codec) }
        case .brotli:
            var length = output.count
            let result = BrotliDecoderDecompress(
                input.count,
                input.baseAddress?.assumingMemoryBound(to: UInt8.self),
                &length,
                output.baseAddress?.assumingMemoryBound(to: UInt8.self)
            )
            guard result == BROTLI_DECODER_RESULT_SUCCESS else {
                throw fail(
                    result == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT
                        ? "more than \(output.count) bytes" : "corrupt data"
                )
            }
            guard length == output.count else { throw fail("holds \(length) bytes, \(output.count) expected") }
        case .gzip:
            try gunzip(input, into: output)
        }
    }

    private func lz4Block(
        _ input: UnsafeRawBufferPointer,
        into output: UnsafeMutableRawBufferPointer,
        codec: BlockCodec
    ) throws(Failure) {
        guard input.count <= Int(Int32.max), output.count <= Int(Int32.max) else {
            throw Failure(codec: codec, detail: "block over 2 GiB")
        }
        let written = LZ4_decompress_safe(
            input.baseAddress?.assumingMemoryBound(to: CChar.self),
            output.baseAddress?.assumingMemoryBound(to: CChar.self),
            Int32(input.count),
            Int32(output.count)
        )
        guard written == Int32(output.count) else {
            throw Failure(
                codec: codec,
                detail: written < 0 ? "corrupt data" : "holds \(written) bytes, \(output.count) expected"
            )
        }
    }

    /// Hadoop's framing: a big-endian u32 decompressed size and u32 compressed size before each block.
    private func lz4Hadoop(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(Failure)
    {
        func bigEndian(_ at: Int) -> Int {
            Int(input[at]) << 24 | Int(input[at + 1]) << 16 | Int(input[at + 2]) << 8 | Int(input[at + 3])
        }
        var inAt = 0
        var outAt = 0
        while inAt < input.count {
            guard input.count - inAt >= 8 else { throw Failure(codec: .lz4Hadoop, detail: "frame header cut off") }
            let expanded = bigEndian(inAt)
            let packed = bigEndian(inAt + 4)
            inAt += 8
            guard packed <= input.count - inAt, expanded <= output.count - outAt else {
                throw Failure(codec: .lz4Hadoop, detail: "frame sizes overrun the block")
            }
            try lz4Block(
                UnsafeRawBufferPointer(rebasing: input[inAt..<(inAt + packed)]),
                into: UnsafeMutableRawBufferPointer(rebasing: output[outAt..<(outAt + expanded)]),
                codec: .lz4Hadoop
            )
            inAt += packed
            outAt += expanded
        }
        guard outAt == output.count else {
            throw Failure(codec: .lz4Hadoop, detail: "holds \(outAt) bytes, \(output.count) expected")
        }
    }

    private func gunzip(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(Failure) {
        let decoder = gzip ?? GzipStreamDecoder()
        gzip = nil
        var inAt = 0
        var outAt = 0
        while !(inAt == input.count && decoder.isAtFrameBoundary) {
            let step: (consumed: Int, produced: Int)
            do {
                step = try decoder.decode(
                    UnsafeRawBufferPointer(rebasing: input[inAt...]),
                    into: UnsafeMutableRawBufferPointer(rebasing: output[outAt...])
                )
            } catch {
                throw Failure(codec: .gzip, detail: error.detail)
            }
            inAt += step.consumed
            outAt += step.produced
            if step.consumed == 0 && step.produced == 0 {
                throw Failure(
                    codec: .gzip,
                    detail: outAt == output.count ? "more than \(output.count) bytes" : "data ends inside the stream"
                )
            }
        }
        guard outAt == output.count else {
            throw Failure(codec: .gzip, detail: "holds \(outAt) bytes, \(output.count) expected")
        }
        gzip = decoder
    }
}
