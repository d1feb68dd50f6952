#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A file opened for positional reads; every read is checked against the size seen at open.
final class ReadOnlyFile {
    let path: String
    let size: Int
    private let descriptor: Int32

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ParquetError(file: path, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let message = String(cString: strerror(errno))
            close(descriptor)
            throw ParquetError(file: path, message: "cannot stat: \(message)")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw ParquetError(file: path, message: "not a regular file")
        }
        size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    /// Reads exactly `count` bytes at `offset`; the range must lie inside the file.
    func read(offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw ParquetError(file: path, message: "byte range \(offset)+\(count) lies outside the \(size)-byte file")
        }
        var result = [UInt8](repeating: 0, count: count)
        var done = 0
        try result.withUnsafeMutableBytes { buffer in
            while done < count {
                let n = pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset + done))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ParquetError(
                        file: path,
                        message: "read at byte \(offset + done) failed: \(String(cString: strerror(errno)))"
                    )
                }
                if n == 0 {
                    throw ParquetError(file: path, message: "file shrank while reading (at byte \(offset + done))")
                }
                done += n
            }
        }
        return result
    }
}
