import SystemPackage

/// A regular file opened for positional reads (pread); every read is checked against the size seen at open,
/// so a damaged length field asks for a clear error, never for more memory than the file holds.
public final class PositionalFile {
    public let path: String
    public let size: Int
    private let descriptor: FileDescriptor

    public init(path: String) throws {
        self.path = path
        descriptor = try FileDescriptor.openForReading(path)
        let info: Stat
        do {
            info = try descriptor.stat()
        } catch {
            try? descriptor.close()
            throw FileIOError.open(path: path, error)
        }
        guard info.type == .regular else {
            try? descriptor.close()
            throw FileIOError.notRegularFile(path: path)
        }
        size = Int(info.size)
    }

    deinit { try? descriptor.close() }

    /// Reads exactly `count` bytes at `offset`; the range must lie inside the file.
    public func read(offset: Int, count: Int) throws -> [UInt8] {
        guard count >= 0 else {
            throw FileIOError.outsideFile(path: path, offset: Int64(offset), count: count, size: Int64(size))
        }
        var result = [UInt8](repeating: 0, count: count)
        try result.withUnsafeMutableBytes { try read(offset: offset, into: $0) }
        return result
    }

    /// Fills `buffer` with the bytes at `offset`; the range must lie inside the file. For readers that reuse
    /// their buffers.
    public func read(offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws {
        let count = buffer.count
        guard offset >= 0, offset <= size, Int64(count) <= size - offset else {
            throw FileIOError.outsideFile(path: path, offset: Int64(offset), count: count, size: Int64(size))
        }
        var done = 0
        while done < count {
            let position = Int64(offset + done)
            let n: Int
            do {
                n = try descriptor.read(
                    fromAbsoluteOffset: position,
                    into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...])
                )
            } catch let errno as Errno {
                throw FileIOError.read(path: path, offset: position, errno)
            }
            if n == 0 { throw FileIOError.shrank(path: path, offset: position) }
            done += n
        }
    }
}
