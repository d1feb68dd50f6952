import CZstd

/// One zstd frame with a content checksum, as the `zstd` tool writes by default.
final class ZstdStreamEncoder: StreamEncoder {
    private let context: OpaquePointer
    private let output: UnsafeMutableRawBufferPointer

    init(level: Int) {
        guard let context = ZSTD_createCCtx() else { fatalError("ZSTD_createCCtx: out of memory") }
        self.context = context
        let clamped = min(max(level, Int(ZSTD_minCLevel())), Int(ZSTD_maxCLevel()))
        ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, Int32(clamped))
        ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1)
        output = .allocate(byteCount: ZSTD_CStreamOutSize(), alignment: 16)
    }

    deinit {
        ZSTD_freeCCtx(context)
        output.deallocate()
    }

    func encode(_ input: UnsafeRawBufferPointer, sink: EncodedSink) throws {
        var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        while inBuffer.pos < inBuffer.size {
            _ = try step(&inBuffer, ZSTD_e_continue, sink: sink)
        }
    }

    func finish(sink: EncodedSink) throws {
        var inBuffer = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
        while try step(&inBuffer, ZSTD_e_end, sink: sink) != 0 {}
    }

    /// One ZSTD_compressStream2 call; returns its "bytes still to flush" hint.
    private func step(_ inBuffer: inout ZSTD_inBuffer, _ directive: ZSTD_EndDirective, sink: EncodedSink) throws -> Int
    {
        var outBuffer = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
        let remaining = ZSTD_compressStream2(context, &outBuffer, &inBuffer, directive)
        if ZSTD_isError(remaining) != 0 {
            throw EncoderFailure(compression: .zstd, detail: String(cString: ZSTD_getErrorName(remaining)))
        }
        if outBuffer.pos > 0 { try sink(UnsafeRawBufferPointer(rebasing: output[0..<outBuffer.pos])) }
        return remaining
    }
}
