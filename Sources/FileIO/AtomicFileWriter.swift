import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

public struct FileIOError: Error, CustomStringConvertible {
    public let path: String
    public let operation: String
    public let code: Int32

    public init(path: String, operation: String, code: Int32 = errno) {
        self.path = path
        self.operation = operation
        self.code = code
    }

    public var description: String {
        "\(path): \(operation) failed: \(String(cString: strerror(code)))"
    }
}

/// Writes a file under a temporary name and makes it visible only when complete:
/// `commit()` fsyncs the data, renames `NAME.tmp` to `NAME` and fsyncs the folder, so a crash
/// leaves either the old state or the whole new file, never a truncated one under the final name.
public final class AtomicFileWriter {
    public let destination: URL
    public let temporary: URL
    public private(set) var bytesWritten: Int64 = 0
    private var descriptor: Int32

    public init(destination: URL) throws {
        self.destination = destination
        self.temporary = URL(fileURLWithPath: destination.path + ".tmp")
        let folder = destination.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw FileIOError(
                path: folder.path,
                operation: "create folder",
                code: (error as NSError).code == 0 ? EIO : Int32((error as NSError).code)
            )
        }
        descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileIOError(path: temporary.path, operation: "open for writing") }
    }

    deinit { abandon() }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard descriptor >= 0 else {
            throw FileIOError(path: temporary.path, operation: "write after close", code: EBADF)
        }
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileIOError(path: temporary.path, operation: "write")
            }
            done += n
        }
        bytesWritten += Int64(bytes.count)
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Makes the file durable and visible under its final name.
    public func commit() throws {
        guard descriptor >= 0 else {
            throw FileIOError(path: temporary.path, operation: "commit after close", code: EBADF)
        }
        if fsync(descriptor) != 0 { throw FileIOError(path: temporary.path, operation: "fsync") }
        let closed = close(descriptor)
        descriptor = -1
        if closed != 0 { throw FileIOError(path: temporary.path, operation: "close") }
        if rename(temporary.path, destination.path) != 0 {
            throw FileIOError(path: destination.path, operation: "rename from \(temporary.lastPathComponent)")
        }
        try Self.syncFolder(destination.deletingLastPathComponent())
    }

    /// Removes the temporary file; the destination is left as it was.
    public func abandon() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        unlink(temporary.path)
    }

    /// Writes `bytes` to `destination` atomically in one call.
    public static func write(_ bytes: [UInt8], to destination: URL) throws {
        let writer = try AtomicFileWriter(destination: destination)
        try writer.write(bytes)
        try writer.commit()
    }

    static func syncFolder(_ folder: URL) throws {
        let fd = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileIOError(path: folder.path, operation: "open folder") }
        defer { close(fd) }
        if fsync(fd) != 0 { throw FileIOError(path: folder.path, operation: "fsync folder") }
    }
}
