import CZstd

/// zstd frames one after another; skippable frames are stepped over by libzstd itself.
/// Frames that need a window over libzstd's default limit (128 MiB) are refused, which keeps memory bounded.
final class ZstdStreamDecoder: StreamDecoder {
    private let context: OpaquePointer
    private(set) var isAtFrameBoundary = false

    init() {
        guard let context = ZSTD_createDStream() else { fatalError("ZSTD_createDStream: out of memory") }
        self.context = context
    }

    deinit { ZSTD_freeDStream(context) }

    func decode(
        _ input: UnsafeRawBufferPointer,
        into output: UnsafeMutableRawBufferPointer
    ) throws(DecodeFailure) -> (consumed: Int, produced: Int) {
        var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        var outBuffer = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
        let result = ZSTD_decompressStream(context, &outBuffer, &inBuffer)
        if ZSTD_isError(result) != 0 {
            throw DecodeFailure(consumed: inBuffer.pos, detail: String(cString: ZSTD_getErrorName(result)))
        }
        // 0 means a frame just ended and all of it was flushed; the next call starts a new frame.
        if inBuffer.pos > 0 || outBuffer.pos > 0 { isAtFrameBoundary = result == 0 }
        return (inBuffer.pos, outBuffer.pos)
    }
}
