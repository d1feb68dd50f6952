import FileIO
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The raw bytes of a file, read with read(2) straight into the caller's buffer.
public final class FileSource: ByteSource {
    public let path: String
    /// Bytes returned so far.
    public private(set) var bytesRead: Int64 = 0
    private var descriptor: Int32

    public init(url: URL) throws {
        path = url.path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileIOError(path: path, operation: "open for reading") }
        // Shards are read once, front to back: ask for aggressive read-ahead.
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_SEQUENTIAL)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = Glibc.read(descriptor, base, buffer.count)
            if n >= 0 {
                bytesRead += Int64(n)
                return n
            }
            if errno != EINTR { throw FileIOError(path: path, operation: "read at byte \(bytesRead)") }
        }
    }
}
