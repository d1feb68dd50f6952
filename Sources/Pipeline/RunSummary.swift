import Foundation

/// What a run did, for the final report on stderr and for tests.
public struct RunSummary: Sendable {
    public struct FailedShard: Sendable {
        public var shard: String
        public var reason: String
    }

    public var shardsTotal = 0
    public var shardsAnnotated = 0
    public var shardsSkipped = 0
    public var failedShards: [FailedShard] = []
    public var documents = 0
    /// Records that could not be parsed, by reason, with the first place each reason was seen.
    public var badRecords: [String: (count: Int, firstSeen: String)] = [:]
    public var ratingErrors = 0
    public var decompressedBytes: Int64 = 0
    public var compressedBytes: Int64 = 0
    public var seconds = 0.0

    public var badRecordCount: Int { badRecords.values.reduce(0) { $0 + $1.count } }

    mutating func add(_ shard: ShardResult) {
        shardsAnnotated += 1
        documents += shard.documents
        ratingErrors += shard.ratingErrors
        decompressedBytes += shard.decompressedBytes
        compressedBytes += shard.compressedBytes
        for (reason, place) in shard.badRecords {
            badRecords[Self.kind(of: reason), default: (0, place)].count += 1
        }
    }

    /// "invalid UTF-8 at column 17" and "invalid UTF-8 at column 3" are one kind of problem.
    static func kind(of reason: String) -> String {
        if let range = reason.range(of: " at column ") { return String(reason[..<range.lowerBound]) }
        return reason
    }

    public var report: String {
        let rate = seconds > 0 ? Double(documents) / seconds : 0
        let megabytes = Double(decompressedBytes) / 1_000_000
        var lines = [
            String(format: "annotated %d of %d shards (%d already done, %d failed): %d documents, %.1f MB in %.1f s (%.0f docs/s, %.1f MB/s)",
                   shardsAnnotated, shardsTotal, shardsSkipped, failedShards.count, documents, megabytes, seconds,
                   rate, seconds > 0 ? megabytes / seconds : 0),
            "errors: \(badRecordCount) bad records, \(ratingErrors) rating failures",
        ]
        for (kind, entry) in badRecords.sorted(by: { $0.value.count > $1.value.count }) {
            lines.append("  \(entry.count) × \(kind) (first at \(entry.firstSeen))")
        }
        for failed in failedShards {
            lines.append("shard not written: \(failed.shard): \(failed.reason)")
        }
        return lines.joined(separator: "\n")
    }
}
