import CLZ4

/// One LZ4 frame (4 MiB blocks, content checksum), readable by the `lz4` tool.
final class LZ4StreamEncoder: StreamEncoder {
    /// Input is handed to LZ4F in pieces of at most this size, so the output buffer has a fixed bound.
    private static let chunk = 1 << 20
    private let context: OpaquePointer
    private var preferences: LZ4F_preferences_t
    private let output: UnsafeMutableRawBufferPointer
    private var started = false

    init(level: Int) {
        var context: OpaquePointer?
        let created = LZ4F_createCompressionContext(&context, UInt32(LZ4F_VERSION))
        guard LZ4F_isError(created) == 0, let context else {
            fatalError("LZ4F_createCompressionContext: out of memory")
        }
        self.context = context
        preferences = LZ4F_preferences_t()
        preferences.frameInfo.blockSizeID = LZ4F_max4MB
        preferences.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled
        preferences.compressionLevel = Int32(min(max(level, 0), 12))
        let capacity = max(LZ4F_compressBound(Self.chunk, &preferences), Int(LZ4F_HEADER_SIZE_MAX))
        output = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit {
        LZ4F_freeCompressionContext(context)
        output.deallocate()
    }

    func encode(_ input: UnsafeRawBufferPointer, sink: EncodedSink) throws {
        try startIfNeeded(sink: sink)
        var at = 0
        while at < input.count {
            let n = min(Self.chunk, input.count - at)
            let written = LZ4F_compressUpdate(
                context,
                output.baseAddress,
                output.count,
                input.baseAddress! + at,
                n,
                nil
            )
            try emit(written, sink: sink)
            at += n
        }
    }

    func finish(sink: EncodedSink) throws {
        try startIfNeeded(sink: sink)
        try emit(LZ4F_compressEnd(context, output.baseAddress, output.count, nil), sink: sink)
    }

    private func startIfNeeded(sink: EncodedSink) throws {
        guard !started else { return }
        started = true
        try emit(LZ4F_compressBegin(context, output.baseAddress, output.count, &preferences), sink: sink)
    }

    private func emit(_ result: Int, sink: EncodedSink) throws {
        if LZ4F_isError(result) != 0 {
            throw EncoderFailure(compression: .lz4, detail: String(cString: LZ4F_getErrorName(result)))
        }
        if result > 0 { try sink(UnsafeRawBufferPointer(rebasing: output[0..<result])) }
    }
}
