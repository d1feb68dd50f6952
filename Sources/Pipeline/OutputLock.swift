#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation

/// One writer per output folder: an exclusive `flock` on `OUT/_dataman.lock`, held for the whole
/// run. The kernel drops the lock when the holder exits or is killed, so a crashed run never
/// blocks the next one; the file's text (pid, host, start time) only serves to name the holder.
public final class OutputLock: Sendable {
    public static let fileName = "_dataman.lock"

    public let url: URL
    private let descriptor: Int32

    /// Takes the lock or throws a `PipelineError` naming the process that holds it.
    public init(folder: URL) throws {
        url = folder.appendingPathComponent(Self.fileName)
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw PipelineError("cannot open the lock file \(url.path): \(String(cString: strerror(errno)))")
        }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            let holder = Self.readHolder(fd)
            close(fd)
            if code == EWOULDBLOCK {
                throw PipelineError("""
                    \(folder.path) is in use by another dataman run (\(holder.isEmpty ? "holder unknown" : holder)); \
                    wait for it to finish or stop it, or choose another --out
                    """)
            }
            throw PipelineError("cannot lock \(url.path): \(String(cString: strerror(code)))")
        }
        descriptor = fd
        let host = ProcessInfo.processInfo.hostName
        let started = ISO8601DateFormatter().string(from: Date())
        let text = Array("pid \(getpid()) on \(host), started \(started)\n".utf8)
        // Best effort: the lock itself is the flock, the text only names its holder.
        if ftruncate(fd, 0) == 0 {
            _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        }
    }

    deinit { close(descriptor) }

    private static func readHolder(_ fd: Int32) -> String {
        var bytes = [UInt8](repeating: 0, count: 512)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return "" }
        return String(decoding: bytes[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
