import CLZ4

/// LZ4 frames one after another (LZ4F stops at each frame's end and starts afresh on the next call).
final class LZ4StreamDecoder: StreamDecoder {
    private let context: OpaquePointer
    private(set) var isAtFrameBoundary = false

    init() {
        var context: OpaquePointer?
        let result = LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))
        guard LZ4F_isError(result) == 0, let context else {
            fatalError("LZ4F_createDecompressionContext: out of memory")
        }
        self.context = context
    }

    deinit { LZ4F_freeDecompressionContext(context) }

    func decode(
        _ input: UnsafeRawBufferPointer,
        into output: UnsafeMutableRawBufferPointer
    ) throws(DecodeFailure) -> (consumed: Int, produced: Int) {
        var consumed = input.count
        var produced = output.count
        let result = LZ4F_decompress(context, output.baseAddress, &produced, input.baseAddress, &consumed, nil)
        if LZ4F_isError(result) != 0 {
            throw DecodeFailure(consumed: consumed, detail: String(cString: LZ4F_getErrorName(result)))
        }
        if consumed > 0 || produced > 0 { isAtFrameBoundary = result == 0 }
        return (consumed, produced)
    }
}
