import Codecs
import FileIO

/// Passes a source's bytes through while hashing them: the checksum of a raw shard, taken as it is read.
final class HashingSource: ByteSource {
    private let upstream: SequentialFile
    let hasher = XXH3Hasher()

    init(_ upstream: SequentialFile) {
        self.upstream = upstream
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try upstream.read(into: buffer)
        hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        return n
    }
}
