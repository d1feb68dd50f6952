/// One codec's decompression state machine; `DecompressingSource` drives it with buffers.
protocol StreamDecoder: AnyObject {
    /// Decodes from `input` into `output` and returns how many bytes of each were used.
    /// Needs no input to flush output it still holds.
    func decode(
        _ input: UnsafeRawBufferPointer,
        into output: UnsafeMutableRawBufferPointer
    ) throws(DecodeFailure) -> (consumed: Int, produced: Int)
    /// True when everything decoded so far forms complete frames (or gzip members), all of it handed out:
    /// the input may cleanly end here.
    var isAtFrameBoundary: Bool { get }
}

/// A rejection by the codec; `consumed` is how far into the current input it got.
struct DecodeFailure: Error {
    var consumed: Int
    var detail: String
}
