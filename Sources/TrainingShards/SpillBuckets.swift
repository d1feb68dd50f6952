import FileIO
import Foundation

/// The external shuffle's spill: pass 1 reads the shards front to back and appends each copy's payload to
/// the bucket that holds its output position; pass 2 reads the buckets in order, each sorted in memory.
/// Buckets are contiguous ranges of positions of at most `bucketBytes` payload (one larger copy makes a
/// bucket of its own), so memory is one bucket, not the corpus. Records are `position` (UInt64 LE),
/// `count` (UInt32 LE) and the payload.
final class SpillBuckets {
    let folder: URL
    /// The bucket of each copy, indexed as the copies.
    private let bucketOfCopy: [Int32]
    /// The first position of each bucket, and the end of the last.
    let bucketStarts: [Int]
    private var writers: [AtomicFileWriter?]
    private var buffers: [[UInt8]]
    private static let flushBytes = 1 << 16

    /// `positions[i]` is copy i's output position, `sizes[i]` an upper bound of its payload's bytes.
    /// Only positions at or after `from` are spilled (the earlier ones are in committed files).
    init(folder: URL, positions: [Int], sizes: [Int], bucketBytes: Int, from: Int) throws {
        self.folder = folder
        var sizeAt = [Int](repeating: 0, count: positions.count)
        for (index, position) in positions.enumerated() { sizeAt[position] = sizes[index] }
        var starts = [from]
        var filled = 0
        for position in from..<positions.count {
            if filled > 0, filled + sizeAt[position] > bucketBytes {
                starts.append(position)
                filled = 0
            }
            filled += sizeAt[position]
        }
        starts.append(positions.count)
        bucketStarts = starts
        var bucketAt = [Int32](repeating: -1, count: positions.count)
        for bucket in 0..<(starts.count - 1) {
            for position in starts[bucket]..<starts[bucket + 1] { bucketAt[position] = Int32(bucket) }
        }
        bucketOfCopy = positions.map { bucketAt[$0] }
        let count = starts.count - 1
        buffers = Array(repeating: [], count: count)
        writers = []
        try? FileManager.default.removeItem(at: folder)
        for bucket in 0..<count {
            writers.append(try AtomicFileWriter(destination: url(of: bucket)))
        }
    }

    var bucketCount: Int { bucketStarts.count - 1 }

    func url(of bucket: Int) -> URL { folder.appendingPathComponent(String(format: "bucket-%06d", bucket)) }

    /// Whether copy `index` goes to a bucket (its position is not in a committed file).
    func wants(_ index: Int) -> Bool { bucketOfCopy[index] >= 0 }

    func add(copy index: Int, position: Int, payload: some Collection<UInt8>) throws {
        let bucket = Int(bucketOfCopy[index])
        withUnsafeBytes(of: UInt64(position).littleEndian) { buffers[bucket].append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(payload.count).littleEndian) { buffers[bucket].append(contentsOf: $0) }
        buffers[bucket].append(contentsOf: payload)
        if buffers[bucket].count >= Self.flushBytes { try flush(bucket) }
    }

    private func flush(_ bucket: Int) throws {
        try writers[bucket]!.write(buffers[bucket])
        buffers[bucket].removeAll(keepingCapacity: true)
    }

    /// Ends pass 1: every bucket is written out and closed.
    func finishWriting() throws {
        for bucket in 0..<bucketCount {
            try flush(bucket)
            try writers[bucket]!.commit()
            writers[bucket] = nil
            buffers[bucket] = []
        }
    }

    /// Bucket `bucket`'s payloads in position order; each of its positions must be there exactly once.
    func read(bucket: Int) throws -> [[UInt8]] {
        let path = url(of: bucket).path
        let file = try PositionalFile(path: path)
        let bytes = try file.read(offset: 0, count: file.size)
        let first = bucketStarts[bucket]
        var payloads = [[UInt8]?](repeating: nil, count: bucketStarts[bucket + 1] - first)
        var at = 0
        func integer<T: FixedWidthInteger>(_: T.Type) throws -> T {
            let size = MemoryLayout<T>.size
            guard at + size <= bytes.count else {
                throw TrainingShardsError.corruptSpill(path: path, detail: "a record is cut off at byte \(at)")
            }
            var value: T = 0
            for index in 0..<size { value |= T(bytes[at + index]) << (8 * index) }
            at += size
            return value
        }
        while at < bytes.count {
            let position = Int(try integer(UInt64.self))
            let count = Int(try integer(UInt32.self))
            guard position >= first, position - first < payloads.count, payloads[position - first] == nil,
                at + count <= bytes.count
            else {
                throw TrainingShardsError.corruptSpill(path: path, detail: "a record at byte \(at) does not fit")
            }
            payloads[position - first] = Array(bytes[at..<(at + count)])
            at += count
        }
        return try payloads.enumerated().map { offset, payload in
            guard let payload else {
                throw TrainingShardsError.corruptSpill(path: path, detail: "position \(first + offset) is missing")
            }
            return payload
        }
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}
