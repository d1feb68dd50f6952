/// The part of a text the hashed features see: its first and last bytes, cut at UTF-8 character
/// boundaries, joined by a line break; a text that fits is taken whole.
enum TextWindow {
    static func bytes(_ text: UnsafeRawBufferPointer, head: Int, tail: Int) -> [UInt8] {
        guard text.count > head + tail else { return Array(text) }
        var headEnd = head
        while headEnd > 0, isContinuation(text[headEnd]) { headEnd -= 1 }
        var tailStart = text.count - tail
        while tailStart < text.count, isContinuation(text[tailStart]) { tailStart += 1 }
        var window = [UInt8]()
        window.reserveCapacity(headEnd + 1 + text.count - tailStart)
        window.append(contentsOf: text[0..<headEnd])
        window.append(0x0A)
        window.append(contentsOf: text[tailStart...])
        return window
    }

    private static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
}
