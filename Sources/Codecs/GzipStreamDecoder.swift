import CZlib

/// gzip members one after another, as `cat a.gz b.gz` makes (zlib-wrapped streams are accepted too).
final class GzipStreamDecoder: StreamDecoder {
    // zlib keeps a pointer back to its z_stream, so it must not move: it lives on the heap.
    private let stream: UnsafeMutablePointer<z_stream>
    private(set) var isAtFrameBoundary = false

    init() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // 15 + 32: the largest window, with the gzip or zlib header detected automatically.
        let result = inflateInit2_(stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard result == Z_OK else { fatalError("inflateInit2: \(result)") }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    func decode(
        _ input: UnsafeRawBufferPointer,
        into output: UnsafeMutableRawBufferPointer
    ) throws(DecodeFailure) -> (consumed: Int, produced: Int) {
        if isAtFrameBoundary {
            guard !input.isEmpty else { return (0, 0) }
            inflateReset(stream)
            isAtFrameBoundary = false
        }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        // zlib counts in 32 bits; a call may use less than it was offered.
        let offeredIn = min(input.count, Int(UInt32.max))
        let offeredOut = min(output.count, Int(UInt32.max))
        stream.pointee.avail_in = uInt(offeredIn)
        stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(offeredOut)
        let result = inflate(stream, Z_NO_FLUSH)
        let consumed = offeredIn - Int(stream.pointee.avail_in)
        let produced = offeredOut - Int(stream.pointee.avail_out)
        switch result {
        case Z_OK, Z_BUF_ERROR:
            break
        case Z_STREAM_END:
            isAtFrameBoundary = true
        default:
            let detail = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(result)"
            throw DecodeFailure(consumed: consumed, detail: detail)
        }
        return (consumed, produced)
    }
}
