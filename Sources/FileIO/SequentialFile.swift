import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A file read once, front to back, with read(2) straight into the caller's buffer.
public final class SequentialFile {
    public let path: String
    /// Bytes returned so far.
    public private(set) var bytesRead: Int64 = 0
    private let descriptor: FileDescriptor

    public init(path: String) throws {
        self.path = path
        descriptor = try FileDescriptor.openForReading(path)
        // Read once, front to back: ask for aggressive read-ahead.
        _ = posix_fadvise(descriptor.rawValue, 0, 0, POSIX_FADV_SEQUENTIAL)
    }

    deinit { try? descriptor.close() }

    /// Fills as much of `buffer` as one read gives; 0 at the end of the file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        let n: Int
        do {
            n = try descriptor.read(into: buffer)
        } catch let errno as Errno {
            throw FileIOError.read(path: path, offset: bytesRead, errno)
        }
        bytesRead += Int64(n)
        return n
    }
}
