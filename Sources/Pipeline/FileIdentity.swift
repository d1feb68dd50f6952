import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What identifies a file's contents cheaply: device, inode, size and modification time. Taken
/// before a shard is read and again before its annotations commit, it catches a shard rewritten,
/// appended to or replaced while it was being read.
struct FileIdentity: Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modifiedSeconds: Int
    var modifiedNanoseconds: Int

    init(path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw ShardFailure(description: "\(path): cannot stat: \(String(cString: strerror(errno)))")
        }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modifiedSeconds = Int(info.st_mtim.tv_sec)
        modifiedNanoseconds = Int(info.st_mtim.tv_nsec)
    }

    /// Why `self` (taken before reading `bytesRead` bytes, or part of the file when nil) no longer
    /// describes the file at `path`, or nil.
    func change(at path: String, bytesRead: Int64?) throws -> String? {
        let now = try FileIdentity(path: path)
        if now.device != device || now.inode != inode { return "was replaced by another file" }
        if now.size != size { return "changed size from \(size) to \(now.size) bytes" }
        if let bytesRead, bytesRead != size { return "was \(size) bytes but \(bytesRead) were read" }
        if now.modifiedSeconds != modifiedSeconds || now.modifiedNanoseconds != modifiedNanoseconds {
            return "was modified"
        }
        return nil
    }
}
