import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A file-system call that failed, with the path it was about and the system's reason.
public enum FileIOError: Error, Sendable, Equatable, CustomStringConvertible {
    case createFolder(path: String, Errno)
    case open(path: String, Errno)
    case read(path: String, offset: Int64, Errno)
    case write(path: String, Errno)
    case sync(path: String, Errno)
    case rename(from: String, to: String, Errno)
    /// A write or commit on a writer already committed or abandoned.
    case closed(path: String)
    case notRegularFile(path: String)
    /// A positional read outside the size the file had when it was opened.
    case outsideFile(path: String, offset: Int64, count: Int, size: Int64)
    /// The file ended before a read the size seen at open promised.
    case shrank(path: String, offset: Int64)

    /// The file or folder the error is about.
    public var path: String {
        switch self {
        case .createFolder(let path, _), .open(let path, _), .read(let path, _, _), .write(let path, _),
            .sync(let path, _), .closed(let path), .notRegularFile(let path), .outsideFile(let path, _, _, _),
            .shrank(let path, _):
            path
        case .rename(_, let to, _): to
        }
    }

    /// The system's reason, where there is one: callers branch on it (`.noSuchFileOrDirectory`, `.noSpace`).
    public var errno: Errno? {
        switch self {
        case .createFolder(_, let errno), .open(_, let errno), .read(_, _, let errno), .write(_, let errno),
            .sync(_, let errno), .rename(_, _, let errno):
            errno
        case .closed, .notRegularFile, .outsideFile, .shrank: nil
        }
    }

    /// The file or a folder on its path does not exist.
    public var isNotFound: Bool { errno == .noSuchFileOrDirectory }

    /// What failed and why, without the path (which `description` puts first).
    public var message: String {
        switch self {
        case .createFolder(_, let errno): "create folder failed: \(errno.reason)"
        case .open(_, let errno): "open failed: \(errno.reason)"
        case .read(_, let offset, let errno): "read at byte \(offset) failed: \(errno.reason)"
        case .write(_, let errno): "write failed: \(errno.reason)"
        case .sync(_, let errno): "fsync failed: \(errno.reason)"
        case .rename(let from, _, let errno): "rename from \(from) failed: \(errno.reason)"
        case .closed: "written after it was committed or abandoned"
        case .notRegularFile: "not a regular file"
        case .outsideFile(_, let offset, let count, let size):
            "byte range \(offset)+\(count) lies outside the \(size)-byte file"
        case .shrank(_, let offset): "file shrank while reading (at byte \(offset))"
        }
    }

    public var description: String { "\(path): \(message)" }
}

extension Errno {
    /// strerror's text ("No such file or directory"), without swift-system's own prefix.
    var reason: String {
        String(cString: strerror(rawValue))
    }
}
