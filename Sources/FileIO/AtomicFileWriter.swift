import Foundation
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Writes a file under a temporary name and makes it visible only when complete:
/// `commit()` fsyncs the data, renames `NAME.tmp` to `NAME` and fsyncs the folder, so a crash
/// leaves either the old state or the whole new file, never a truncated one under the final name.
public final class AtomicFileWriter {
    public let destination: URL
    public let temporary: URL
    public private(set) var bytesWritten: Int64 = 0
    private var descriptor: FileDescriptor?

    public init(destination: URL) throws {
        self.destination = destination
        self.temporary = URL(fileURLWithPath: destination.path + ".tmp")
        let folder = destination.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            let code = (error.underlyingPOSIXCode ?? EIO)
            throw FileIOError.createFolder(path: folder.path, Errno(rawValue: code))
        }
        do {
            descriptor = try FileDescriptor.open(
                FilePath(temporary.path),
                .writeOnly,
                options: [.create, .truncate, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead, .otherRead]
            )
        } catch let errno as Errno {
            throw FileIOError.open(path: temporary.path, errno)
        }
    }

    deinit { abandon() }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let descriptor else { throw FileIOError.closed(path: temporary.path) }
        do {
            _ = try descriptor.writeAll(bytes)
        } catch let errno as Errno {
            throw FileIOError.write(path: temporary.path, errno)
        }
        bytesWritten += Int64(bytes.count)
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Makes the file durable and visible under its final name.
    public func commit() throws {
        guard let descriptor else { throw FileIOError.closed(path: temporary.path) }
        self.descriptor = nil
        do {
            try Self.sync(descriptor, path: temporary.path)
        } catch {
            try? descriptor.close()
            throw error
        }
        do {
            try descriptor.close()
        } catch let errno as Errno {
            // Some file systems (NFS) report a failed write back only at close.
            throw FileIOError.write(path: temporary.path, errno)
        }
        if rename(temporary.path, destination.path) != 0 {
            throw FileIOError.rename(from: temporary.lastPathComponent, to: destination.path, Errno(rawValue: errno))
        }
        try Self.syncFolder(destination.deletingLastPathComponent())
    }

    /// Removes the temporary file; the destination is left as it was.
    public func abandon() {
        guard let descriptor else { return }
        self.descriptor = nil
        try? descriptor.close()
        unlink(temporary.path)
    }

    /// Writes `bytes` to `destination` atomically in one call.
    public static func write(_ bytes: [UInt8], to destination: URL) throws {
        let writer = try AtomicFileWriter(destination: destination)
        try writer.write(bytes)
        try writer.commit()
    }

    static func syncFolder(_ folder: URL) throws {
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(FilePath(folder.path), .readOnly, options: [.directory, .closeOnExec])
        } catch let errno as Errno {
            throw FileIOError.open(path: folder.path, errno)
        }
        defer { try? descriptor.close() }
        try sync(descriptor, path: folder.path)
    }

    /// swift-system has no fsync; this is the one raw call, retried on EINTR like the rest.
    private static func sync(_ descriptor: FileDescriptor, path: String) throws {
        while fsync(descriptor.rawValue) != 0 {
            if errno != EINTR { throw FileIOError.sync(path: path, Errno(rawValue: errno)) }
        }
    }
}

extension Error {
    /// The POSIX code inside a Foundation error, where it carries one.
    fileprivate var underlyingPOSIXCode: Int32? {
        let error = self as NSError
        if error.domain == NSPOSIXErrorDomain { return Int32(error.code) }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(underlying.code)
        }
        return nil
    }
}
