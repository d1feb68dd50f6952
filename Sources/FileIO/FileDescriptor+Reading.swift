import SystemPackage

extension FileDescriptor {
    /// The file at `path` opened read-only, not inherited by child processes.
    static func openForReading(_ path: String) throws(FileIOError) -> FileDescriptor {
        do {
            return try FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec])
        } catch let errno as Errno {
            throw FileIOError.open(path: path, errno)
        } catch {
            throw FileIOError.open(path: path, .ioError)
        }
    }
}
