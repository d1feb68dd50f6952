import CZstd

/// Compresses and decompresses page bodies. Holds one zstd context of each kind, reused for
/// every page; a context is not thread-safe, so each writer or reader owns its own codec.
final class PageCodec {
    private var compressionContext: OpaquePointer?
    private var decompressionContext: OpaquePointer?

    init() {}

    deinit {
        if let compressionContext { ZSTD_freeCCtx(compressionContext) }
        if let decompressionContext { ZSTD_freeDCtx(decompressionContext) }
    }

    /// Appends the zstd frame for `source` to `out`.
    func compressZstd(_ source: UnsafeRawBufferPointer, level: Int, into out: inout [UInt8]) throws {
        if compressionContext == nil { compressionContext = ZSTD_createCCtx() }
        guard let context = compressionContext else { throw FormatIssue("cannot create a zstd compression context") }
        let bound = ZSTD_compressBound(source.count)
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: bound))
        let written = out.withUnsafeMutableBytes { buffer in
            ZSTD_compressCCtx(context, buffer.baseAddress! + start, bound,
                              source.baseAddress, source.count, Int32(clamping: level))
        }
        if ZSTD_isError(written) != 0 {
            out.removeLast(bound)
            throw FormatIssue("zstd compression failed: \(String(cString: ZSTD_getErrorName(written)))")
        }
        out.removeLast(bound - written)
    }

    /// Decompresses one page whose header promises `uncompressedSize` bytes; anything else
    /// is corrupt. The size is checked against the frame's own header before allocating; a
    /// frame that does not state its size may promise at most `maxUnverifiedSize`.
    func decompressZstd(_ source: UnsafeRawBufferPointer, uncompressedSize: Int, maxUnverifiedSize: Int) throws -> [UInt8] {
        if decompressionContext == nil { decompressionContext = ZSTD_createDCtx() }
        guard let context = decompressionContext else { throw FormatIssue("cannot create a zstd decompression context") }
        let frameSize = ZSTD_getFrameContentSize(source.baseAddress, source.count)
        if frameSize == ZSTD_CONTENTSIZE_ERROR {
            throw FormatIssue("page data is not a zstd frame")
        }
        if frameSize == ZSTD_CONTENTSIZE_UNKNOWN {
            guard uncompressedSize <= maxUnverifiedSize else {
                throw FormatIssue("page header claims \(uncompressedSize) bytes for a zstd frame of unstated size")
            }
        } else if frameSize != UInt64(uncompressedSize) {
            throw FormatIssue("zstd frame holds \(frameSize) bytes but the page header says \(uncompressedSize)")
        }
        var result = [UInt8](repeating: 0, count: uncompressedSize)
        let produced = result.withUnsafeMutableBytes { buffer in
            ZSTD_decompressDCtx(context, buffer.baseAddress, buffer.count, source.baseAddress, source.count)
        }
        if ZSTD_isError(produced) != 0 {
            throw FormatIssue("zstd decompression failed: \(String(cString: ZSTD_getErrorName(produced)))")
        }
        guard produced == uncompressedSize else {
            throw FormatIssue("zstd page decompressed to \(produced) bytes but the page header says \(uncompressedSize)")
        }
        return result
    }
}
