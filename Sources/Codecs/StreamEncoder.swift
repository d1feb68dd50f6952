/// Where an encoder hands its finished output.
typealias EncodedSink = (UnsafeRawBufferPointer) throws -> Void

/// One codec's compression state machine; `CompressedFileWriter` feeds it.
protocol StreamEncoder: AnyObject {
    /// Compresses all of `input`, passing whatever output is ready to `sink`.
    func encode(_ input: UnsafeRawBufferPointer, sink: EncodedSink) throws
    /// Ends the frame (or gzip member) and passes the rest of the output to `sink`.
    func finish(sink: EncodedSink) throws
}

/// A codec that fails while compressing valid input has run out of memory or been misused.
struct EncoderFailure: Error, CustomStringConvertible {
    var compression: Compression
    var detail: String
    var description: String { "\(compression) compression failed: \(detail)" }
}
