import CZstd

/// Whole-buffer zstd, for data that is already in memory (Parquet pages).
public enum Zstd {
    /// One frame holding `bytes`, at `level` (clamped to zstd's range).
    public static func compress(_ bytes: UnsafeRawBufferPointer, level: Int = 3) -> [UInt8] {
        Compressor(level: level).compress(bytes)
    }

    /// Decodes `bytes` (one or more frames) that must expand to exactly `uncompressedSize` bytes.
    public static func decompress(_ bytes: UnsafeRawBufferPointer, uncompressedSize: Int) throws -> [UInt8] {
        try Decompressor().decompress(bytes, uncompressedSize: uncompressedSize)
    }

    /// Keeps one compression context for many buffers, which saves its setup on every call.
    /// Frames carry a content checksum, so damage is caught when they are read back.
    public final class Compressor {
        public let level: Int
        private let context: OpaquePointer

        public init(level: Int = 3) {
            guard let context = ZSTD_createCCtx() else { fatalError("ZSTD_createCCtx: out of memory") }
            self.context = context
            self.level = min(max(level, Int(ZSTD_minCLevel())), Int(ZSTD_maxCLevel()))
            ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, Int32(self.level))
            ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1)
        }

        deinit { ZSTD_freeCCtx(context) }

        public func compress(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
            let bound = ZSTD_compressBound(bytes.count)
            return [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
                let written = ZSTD_compress2(context, buffer.baseAddress, bound, bytes.baseAddress, bytes.count)
                // With a valid level and a ZSTD_compressBound-sized destination, only allocation can fail.
                guard ZSTD_isError(written) == 0 else {
                    fatalError("ZSTD_compress2: \(String(cString: ZSTD_getErrorName(written)))")
                }
                count = written
            }
        }
    }

    /// Keeps one decompression context for many buffers.
    public final class Decompressor {
        private let context: OpaquePointer

        public init() {
            guard let context = ZSTD_createDCtx() else { fatalError("ZSTD_createDCtx: out of memory") }
            self.context = context
        }

        deinit { ZSTD_freeDCtx(context) }

        /// Decodes `bytes` that must expand to exactly `uncompressedSize` bytes. The size comes from
        /// a container's header (a Parquet page), so it is checked against the frame's own stated size
        /// before anything is allocated; a frame that states none may promise at most `maxUnstatedSize`.
        public func decompress(
            _ bytes: UnsafeRawBufferPointer,
            uncompressedSize: Int,
            maxUnstatedSize: Int = 1 << 28
        ) throws -> [UInt8] {
            guard uncompressedSize >= 0 else {
                throw CodecError(
                    kind: .sizeMismatch,
                    compression: .zstd,
                    file: "",
                    offset: 0,
                    detail: "negative size \(uncompressedSize)"
                )
            }
            return try [UInt8](unsafeUninitializedCapacity: uncompressedSize) { buffer, count in
                try decompress(bytes, into: UnsafeMutableRawBufferPointer(buffer), maxUnstatedSize: maxUnstatedSize)
                count = uncompressedSize
            }
        }

        /// Fills `output` exactly with the decoding of `bytes`, checking the frame's stated size first like
        /// `decompress(_:uncompressedSize:maxUnstatedSize:)`; for a caller that reuses its buffers.
        public func decompress(
            _ bytes: UnsafeRawBufferPointer,
            into output: UnsafeMutableRawBufferPointer,
            maxUnstatedSize: Int = 1 << 28
        ) throws {
            let stated = ZSTD_getFrameContentSize(bytes.baseAddress, bytes.count)
            if stated == ZSTD_CONTENTSIZE_ERROR {
                throw CodecError(kind: .corrupt, compression: .zstd, file: "", offset: 0, detail: "not a zstd frame")
            } else if stated == ZSTD_CONTENTSIZE_UNKNOWN {
                guard output.count <= maxUnstatedSize else {
                    throw CodecError(
                        kind: .sizeMismatch,
                        compression: .zstd,
                        file: "",
                        offset: 0,
                        detail: "\(output.count) bytes promised for a frame of unstated size"
                    )
                }
            } else if stated != UInt64(output.count) {
                throw CodecError(
                    kind: .sizeMismatch,
                    compression: .zstd,
                    file: "",
                    offset: 0,
                    detail: "the frame holds \(stated) bytes, \(output.count) expected"
                )
            }
            let written = ZSTD_decompressDCtx(context, output.baseAddress, output.count, bytes.baseAddress, bytes.count)
            if ZSTD_isError(written) != 0 {
                let code = ZSTD_getErrorCode(written)
                let kind: CodecError.Kind =
                    switch code {
                    case ZSTD_error_srcSize_wrong: .truncated
                    case ZSTD_error_dstSize_tooSmall: .sizeMismatch
                    default: .corrupt
                    }
                throw CodecError(
                    kind: kind,
                    compression: .zstd,
                    file: "",
                    offset: Int64(bytes.count),
                    detail: String(cString: ZSTD_getErrorName(written))
                )
            }
            guard written == output.count else {
                throw CodecError(
                    kind: .sizeMismatch,
                    compression: .zstd,
                    file: "",
                    offset: Int64(bytes.count),
                    detail: "expected \(output.count) bytes, got \(written)"
                )
            }
        }
    }
}
