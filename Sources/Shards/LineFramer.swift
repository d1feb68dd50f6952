import Codecs

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One line of a decompressed stream, as the framer found it.
enum FramedLine {
    /// `bytes` (without `\n` or `\r\n`) stay valid until the next call to `next()`.
    case line(bytes: UnsafeRawBufferPointer, offset: Int64, number: Int64)
    /// A line longer than the limit; its bytes were skipped, not kept.
    case tooLong(offset: Int64, length: Int64, number: Int64)
}

/// Splits a byte stream into `\n`-terminated lines with a 4 MiB buffer that grows only for a longer line, never
/// past the line limit plus its terminator, and shrinks back after it. A `\r` before `\n` is dropped, a UTF-8 byte order mark at the very start is skipped, and the last
/// line needs no terminator.
final class LineFramer {
    private static let usualCapacity = 4 << 20

    private let source: DecompressingSource
    private let maxLineBytes: Int
    private var buffer: UnsafeMutableRawBufferPointer
    /// The unframed bytes are buffer[start..<end]; buffer[start..<scanned] is known to hold no `\n`.
    private var start = 0
    private var end = 0
    private var scanned = 0
    /// Stream offset of buffer[0].
    private var bufferOffset: Int64 = 0
    private var sourceEnded = false
    private var lineNumber: Int64 = 0

    private var started = false

    /// Reads nothing yet: stream errors surface from `next()`.
    init(source: DecompressingSource, maxLineBytes: Int) {
        self.source = source
        self.maxLineBytes = maxLineBytes
        buffer = .allocate(byteCount: Self.usualCapacity, alignment: 16)
    }

    deinit { buffer.deallocate() }

    func next() throws -> FramedLine? {
        if !started {
            started = true
            try skipByteOrderMark()
        }
        while true {
            if let newline = memchr(buffer.baseAddress! + scanned, 0x0A, end - scanned) {
                let index = buffer.baseAddress!.distance(to: newline)
                return frame(upTo: index, next: index + 1)
            }
            scanned = end
            if sourceEnded {
                return start < end ? frame(upTo: end, next: end) : nil
            }
            // No terminator yet. With limit + 2 bytes pending the line is too long even if they end in `\r`.
            if end - start >= maxLineBytes + 2 { return try skipLongLine() }
            try makeRoom()
            try fill()
        }
    }

    private func skipByteOrderMark() throws {
        while end < 3, !sourceEnded { try fill() }
        if end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
            start = 3
            scanned = 3
        }
    }

    /// The line in buffer[start..<lineEnd]; the following one begins at `next`.
    private func frame(upTo lineEnd: Int, next: Int) -> FramedLine {
        var contentEnd = lineEnd
        if contentEnd > start, buffer[contentEnd - 1] == 0x0D { contentEnd -= 1 }
        let lineStart = start
        start = next
        scanned = next
        lineNumber += 1
        let offset = bufferOffset + Int64(lineStart)
        if contentEnd - lineStart > maxLineBytes {
            return .tooLong(offset: offset, length: Int64(contentEnd - lineStart), number: lineNumber - 1)
        }
        return .line(
            bytes: UnsafeRawBufferPointer(rebasing: buffer[lineStart..<contentEnd]),
            offset: offset,
            number: lineNumber - 1
        )
    }

    /// Reads past the rest of an over-long line, keeping none of it.
    private func skipLongLine() throws -> FramedLine {
        let offset = bufferOffset + Int64(start)
        var length = Int64(end - start)
        var endsWithCR = buffer[end - 1] == 0x0D
        bufferOffset += Int64(end)
        start = 0
        end = 0
        scanned = 0
        shrinkIfLarge()
        while true {
            let n = try source.read(into: buffer)
            if n == 0 {
                sourceEnded = true
                break
            }
            if let newline = memchr(buffer.baseAddress!, 0x0A, n) {
                let index = buffer.baseAddress!.distance(to: newline)
                length += Int64(index)
                if index > 0 { endsWithCR = buffer[index - 1] == 0x0D }
                start = index + 1
                scanned = start
                end = n
                break
            }
            length += Int64(n)
            endsWithCR = buffer[n - 1] == 0x0D
            bufferOffset += Int64(n)
        }
        lineNumber += 1
        return .tooLong(offset: offset, length: endsWithCR ? length - 1 : length, number: lineNumber - 1)
    }

    /// Moves the pending line to the front; grows the buffer when the line alone fills it.
    private func makeRoom() throws {
        if start > 0 {
            let pending = end - start
            if pending > 0 { buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: pending) }
            bufferOffset += Int64(start)
            scanned -= start
            end = pending
            start = 0
        }
        shrinkIfLarge()
        // Only reached while the pending line is under limit + 2 bytes, so this is growth.
        if end == buffer.count {
            resize(to: min(buffer.count * 2, maxLineBytes + 2))
        }
    }

    /// After a long line has passed, gives back the memory it needed.
    private func shrinkIfLarge() {
        if buffer.count > Self.usualCapacity, end - start <= Self.usualCapacity / 2 {
            resize(to: Self.usualCapacity)
        }
    }

    private func resize(to capacity: Int) {
        let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        let pending = end - start
        if pending > 0 { larger.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: pending) }
        buffer.deallocate()
        buffer = larger
        bufferOffset += Int64(start)
        scanned -= start
        end = pending
        start = 0
    }

    private func fill() throws {
        let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
        if n == 0 { sourceEnded = true }
        end += n
    }
}
