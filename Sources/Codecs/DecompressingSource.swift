import FileIO
import Foundation

/// The decompressed bytes of a stream whose format is recognised from its first bytes.
/// Memory is fixed: one input buffer plus the codec's own window.
public final class DecompressingSource: ByteSource {
    /// The name errors use (normally the file's path).
    public let name: String
    public let compression: Compression
    /// Compressed bytes taken from the upstream source so far (for progress).
    public private(set) var compressedBytesRead: Int64 = 0
    /// Decompressed bytes handed out so far.
    public private(set) var decompressedBytesRead: Int64 = 0

    private var upstream: any ByteSource
    private let decoder: (any StreamDecoder)?
    private let input: UnsafeMutableRawBufferPointer
    private var inputStart = 0
    private var inputEnd = 0
    private var upstreamEnded = false
    /// Compressed bytes the decoder has consumed: where a failure is reported.
    private var decodedOffset: Int64 = 0
    private var stalledCalls = 0
    private var pendingFailure: (any Error)?
    private static let sliceSize = 128 << 10

    /// Reads the first bytes of `upstream` to recognise its format.
    public init(upstream: any ByteSource, name: String, bufferSize: Int = 1 << 20) throws {
        var upstream = upstream
        let input = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bufferSize, 64), alignment: 16)
        var filled = 0
        var ended = false
        do {
            while filled < 4, !ended {
                let n = try upstream.read(into: UnsafeMutableRawBufferPointer(rebasing: input[filled...]))
                filled += n
                ended = n == 0
            }
        } catch {
            input.deallocate()
            throw error
        }
        self.upstream = upstream
        self.name = name
        self.input = input
        inputEnd = filled
        upstreamEnded = ended
        compressedBytesRead = Int64(filled)
        compression = Compression.detect(prefix: UnsafeRawBufferPointer(rebasing: input[0..<filled]))
        // A name that says compressed over bytes of no known format is a damaged file: read as plain text
        // it would turn into one bad record per "line", and the damage would go unnoticed. (Bytes of
        // another codec than the name says are read as what they are: the content decides the format.)
        if let named = Compression.named(by: name), compression == .none, filled > 0 {
            let firstBytes = input[0..<min(filled, 8)].map { String(format: "%02x", $0) }.joined(separator: " ")
            input.deallocate()
            throw CodecError(
                kind: .notTheNamedFormat,
                compression: named,
                file: name,
                offset: 0,
                detail: "it starts with \(firstBytes)"
            )
        }
        decoder =
            switch compression {
            case .none: nil
            case .zstd: ZstdStreamDecoder()
            case .lz4: LZ4StreamDecoder()
            case .gzip: GzipStreamDecoder()
            }
    }

    public convenience init(url: URL) throws {
        try self.init(upstream: try SequentialFile(path: url.path), name: url.path)
    }

    deinit { input.deallocate() }

    /// Bytes decoded before a failure are handed out first; the failure is thrown by the next call.
    public func read(into output: UnsafeMutableRawBufferPointer) throws -> Int {
        if let pendingFailure { throw pendingFailure }
        guard !output.isEmpty else { return 0 }
        let produced = try decoder.map { try decode(with: $0, into: output) } ?? copyPlain(into: output)
        decompressedBytesRead += Int64(produced)
        return produced
    }

    /// Fills `output` as far as the stream allows; short only at the end or before a failure.
    private func decode(with decoder: any StreamDecoder, into output: UnsafeMutableRawBufferPointer) throws -> Int {
        var produced = 0
        do {
            try decode(with: decoder, into: output, produced: &produced)
        } catch {
            // A failed stream stays failed: later calls throw too rather than seeming to end cleanly.
            pendingFailure = error
            if produced == 0 { throw error }
        }
        return produced
    }

    private func decode(
        with decoder: any StreamDecoder,
        into output: UnsafeMutableRawBufferPointer,
        produced: inout Int
    ) throws {
        while produced < output.count {
            if inputStart == inputEnd, !upstreamEnded { try refill() }
            // Handing the decoder a slice at a time bounds how far before a failure its reported offset can be.
            let pending = UnsafeRawBufferPointer(
                rebasing: input[inputStart..<min(inputEnd, inputStart + Self.sliceSize)]
            )
            if pending.isEmpty, decoder.isAtFrameBoundary { break }
            let step: (consumed: Int, produced: Int)
            do {
                step = try decoder.decode(pending, into: UnsafeMutableRawBufferPointer(rebasing: output[produced...]))
            } catch {
                throw CodecError(
                    kind: .corrupt,
                    compression: compression,
                    file: name,
                    offset: decodedOffset + Int64(error.consumed),
                    detail: error.detail
                )
            }
            inputStart += step.consumed
            decodedOffset += Int64(step.consumed)
            produced += step.produced
            if step.consumed == 0, step.produced == 0 {
                // With no input left, a decoder that cannot make progress has been cut off mid-frame.
                if pending.isEmpty {
                    throw CodecError(kind: .truncated, compression: compression, file: name, offset: decodedOffset)
                }
                stalledCalls += 1
                if stalledCalls > 2 {
                    throw CodecError(
                        kind: .corrupt,
                        compression: compression,
                        file: name,
                        offset: decodedOffset,
                        detail: "decoder made no progress"
                    )
                }
            } else {
                stalledCalls = 0
            }
        }
    }

    /// Uncompressed input: first what detection buffered, then straight from upstream into `output`.
    private func copyPlain(into output: UnsafeMutableRawBufferPointer) throws -> Int {
        if inputStart < inputEnd {
            let n = min(output.count, inputEnd - inputStart)
            output.baseAddress!.copyMemory(from: input.baseAddress! + inputStart, byteCount: n)
            inputStart += n
            return n
        }
        guard !upstreamEnded else { return 0 }
        let n = try upstream.read(into: output)
        compressedBytesRead += Int64(n)
        if n == 0 { upstreamEnded = true }
        return n
    }

    /// Moves unread input to the front and reads more after it.
    private func refill() throws {
        if inputStart > 0 {
            let pending = inputEnd - inputStart
            if pending > 0 { input.baseAddress!.copyMemory(from: input.baseAddress! + inputStart, byteCount: pending) }
            inputStart = 0
            inputEnd = pending
        }
        let n = try upstream.read(into: UnsafeMutableRawBufferPointer(rebasing: input[inputEnd...]))
        if n == 0 { upstreamEnded = true }
        inputEnd += n
        compressedBytesRead += Int64(n)
    }
}
