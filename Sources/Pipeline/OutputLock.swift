import Cluster
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One writer per output folder and rank: an exclusive open-file-description record lock on
/// `OUT/_dataman.lock` (`_dataman.rank-IIII-of-NNNN.lock` for a rank of several), held for the whole
/// run. The kernel drops it when the holder exits or is killed, so a crashed run never blocks the
/// next one. Record locks (unlike flock) reach across nodes on NFS and can be queried without being
/// taken, which `dataman status` does; the OFD kind, unlike classic POSIX locks, also conflicts
/// within one process and is not dropped when another descriptor of the file closes. The file's
/// text (pid, host, start time) only serves to name the holder.
public final class OutputLock: Sendable {
    public static let fileName = "_dataman.lock"

    public let url: URL
    private let descriptor: Int32

    public static func fileName(for rank: WorkerRank) -> String {
        rank.world == 1 ? fileName : String(format: "_dataman.rank-%04d-of-%04d.lock", rank.rank, rank.world)
    }

    /// Takes the lock or throws a `PipelineError` naming the process that holds it. On a file system
    /// without locks (some Lustre mounts) it warns through `logger` and goes on unlocked.
    public init(folder: URL, rank: WorkerRank = .single, logger: Logger = Logger(label: "dataman.lock")) throws {
        url = folder.appendingPathComponent(Self.fileName(for: rank))
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw PipelineError.lockFailed(path: url.path, reason: String(cString: strerror(errno)))
        }
        var request = Self.wholeFile(type: F_WRLCK)
        while fcntl(fd, Self.setLock, &request) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == ENOLCK || code == ENOSYS || code == EOPNOTSUPP {
                logger.warning(
                    "\(url.path): the file system does not support locks (\(String(cString: strerror(code)))); make sure no other run writes this output"
                )
                break
            }
            let holder = Self.readHolder(fd)
            close(fd)
            if code == EAGAIN || code == EACCES {
                throw PipelineError.outputInUse(
                    folder: folder.path,
                    rank: rank.world == 1 ? nil : rank.rank,
                    holder: holder
                )
            }
            throw PipelineError.lockFailed(path: url.path, reason: String(cString: strerror(code)))
        }
        descriptor = fd
        let host = ProcessInfo.processInfo.hostName
        let started = ISO8601DateFormatter().string(from: Date())
        let text = Array("pid \(getpid()) on \(host), started \(started)\n".utf8)
        // Best effort: the lock itself is the record lock, the text only names its holder.
        if ftruncate(fd, 0) == 0 {
            _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        }
    }

    deinit { close(descriptor) }

    /// Who holds the lock at `url` now (its text), or nil when nobody does.
    public static func holder(of url: URL) -> String? {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var probe = wholeFile(type: F_WRLCK)
        guard fcntl(fd, getLock, &probe) == 0, probe.l_type != F_UNLCK else { return nil }
        let text = readHolder(fd)
        return text.isEmpty ? "holder unknown" : text
    }

    // Linux's F_OFD_SETLK and F_OFD_GETLK (<fcntl.h> with _GNU_SOURCE, which Swift's Glibc does not expose).
    private static let setLock: Int32 = 37
    private static let getLock: Int32 = 36

    private static func wholeFile(type: Int32) -> flock {
        var lock = flock()
        lock.l_type = Int16(type)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 0
        lock.l_len = 0
        return lock
    }

    private static func readHolder(_ fd: Int32) -> String {
        var bytes = [UInt8](repeating: 0, count: 512)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return "" }
        return String(decoding: bytes[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
