/// A forward-only stream of bytes.
public protocol ByteSource {
    /// Fills the start of `buffer` with the next bytes and returns how many; 0 only at the end of the stream.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}
