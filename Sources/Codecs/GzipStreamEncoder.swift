import CZlib

/// One gzip member, readable by `gzip -d`.
final class GzipStreamEncoder: StreamEncoder {
    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutableRawBufferPointer

    init(level: Int) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // 15 + 16: the largest window, with a gzip header and trailer.
        let result = deflateInit2_(
            stream,
            Int32(min(max(level, 0), 9)),
            Z_DEFLATED,
            15 + 16,
            8,
            Z_DEFAULT_STRATEGY,
            ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size)
        )
        guard result == Z_OK else { fatalError("deflateInit2: \(result)") }
        output = .allocate(byteCount: 1 << 18, alignment: 16)
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        output.deallocate()
    }

    func encode(_ input: UnsafeRawBufferPointer, sink: EncodedSink) throws {
        var at = 0
        while at < input.count {
            let n = min(input.count - at, Int(UInt32.max))
            stream.pointee.next_in = UnsafeMutablePointer(
                mutating: (input.baseAddress! + at).assumingMemoryBound(to: Bytef.self)
            )
            stream.pointee.avail_in = uInt(n)
            repeat {
                _ = try step(Z_NO_FLUSH, sink: sink)
            } while stream.pointee.avail_in > 0
            at += n
        }
    }

    func finish(sink: EncodedSink) throws {
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        while try step(Z_FINISH, sink: sink) != Z_STREAM_END {}
    }

    private func step(_ flush: Int32, sink: EncodedSink) throws -> Int32 {
        stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(output.count)
        let result = deflate(stream, flush)
        guard result == Z_OK || result == Z_STREAM_END || result == Z_BUF_ERROR else {
            throw EncoderFailure(
                compression: .gzip,
                detail: stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(result)"
            )
        }
        let produced = output.count - Int(stream.pointee.avail_out)
        if produced > 0 { try sink(UnsafeRawBufferPointer(rebasing: output[0..<produced])) }
        return result
    }
}
