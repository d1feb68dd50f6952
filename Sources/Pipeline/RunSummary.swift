import Cluster
import Foundation
import Rating

/// What a run did, for the final report on stderr and for tests.
public struct RunSummary: Sendable {
    public struct FailedShard: Sendable {
        public var shard: String
        public var reason: String
    }

    public var rank = WorkerRank.single
    /// Shards of this rank annotated whole.
    public var shardsTotal = 0
    /// Shards split into pieces (`--split-lines`) of which this rank annotates some.
    public var splitShards = 0
    /// Units committed: whole shards and pieces.
    public var shardsAnnotated = 0
    public var piecesAnnotated = 0
    public var shardsSkipped = 0
    public var failedShards: [FailedShard] = []
    public var documents = 0
    /// Records that could not be parsed, by kind of problem, with the first place and message of each kind.
    public var badRecords: [String: (count: Int, firstSeen: String, example: String)] = [:]
    public var ratingErrors = 0
    public var decompressedBytes: Int64 = 0
    public var compressedBytes: Int64 = 0
    public var seconds = 0.0
    /// The rater's request counters at the end, when it sent requests to a model server.
    public var requests: RequestStatistics?

    public var badRecordCount: Int { badRecords.values.reduce(0) { $0 + $1.count } }

    mutating func add(_ shard: ShardResult, isPiece: Bool) {
        shardsAnnotated += 1
        if isPiece { piecesAnnotated += 1 }
        documents += shard.documents
        ratingErrors += shard.ratingErrors
        decompressedBytes += shard.decompressedBytes
        compressedBytes += shard.compressedBytes
        for (reason, place) in shard.badRecords {
            badRecords[Self.kind(of: reason), default: (0, place, reason)].count += 1
        }
    }

    /// A rate to a useful precision: 2443, 12.4, 0.59.
    static func figure(_ value: Double) -> String {
        String(format: value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value)
    }

    /// The kind of problem a reason names, without the particulars that make messages distinct: "invalid
    /// UTF-8 at column 17" and "invalid UTF-8 at column 3" are one kind, and so are all the "invalid JSON: ..."
    /// messages, whatever was found where; the summary shows one example message per kind.
    static func kind(of reason: String) -> String {
        var kind = reason
        if let colon = kind.range(of: ": ") { kind = String(kind[..<colon.lowerBound]) }
        if let column = kind.range(of: " at column ") { kind = String(kind[..<column.lowerBound]) }
        if kind.hasPrefix("invalid escape") { kind = "invalid escape" }
        return kind
    }

    /// The bad-record kinds the summary lists at most; the rest are counted on one line.
    static let listedKinds = 8

    public var report: String {
        let rate = seconds > 0 ? Double(documents) / seconds : 0
        let megabytes = Double(decompressedBytes) / 1_000_000
        let pieces =
            splitShards > 0 ? String(format: " and %d pieces of %d split shards", piecesAnnotated, splitShards) : ""
        var lines = rank.world > 1 || rank.origin != .single ? ["this is \(rank)"] : []
        lines += [
            "annotated \(shardsAnnotated - piecesAnnotated) of \(shardsTotal) shards\(pieces) "
                + String(
                    format: "(%d already done, %d failed): %d documents, %.1f MB in %.1f s ",
                    shardsSkipped,
                    failedShards.count,
                    documents,
                    megabytes,
                    seconds
                )
                + "(\(Self.figure(rate)) docs/s, \(Self.figure(seconds > 0 ? megabytes / seconds : 0)) MB/s)",
            "errors: \(badRecordCount) bad records, \(ratingErrors) rating failures",
        ]
        let kinds = badRecords.sorted { ($0.value.count, $1.key) > ($1.value.count, $0.key) }
        for (kind, entry) in kinds.prefix(Self.listedKinds) {
            let example = entry.example == kind ? "" : ", e.g. \(entry.example)"
            lines.append("  \(entry.count) × \(kind) (first at \(entry.firstSeen)\(example))")
        }
        if kinds.count > Self.listedKinds {
            let rest = kinds.dropFirst(Self.listedKinds)
            lines.append("  \(rest.reduce(0) { $0 + $1.value.count }) more in \(rest.count) other kinds")
        }
        if let requests, requests.requests > 0 {
            let milliseconds = { (q: Double) in
                requests.latencyPercentile(q).map {
                    String(
                        format: "%.0f ms",
                        Double($0.components.seconds) * 1e3 + Double($0.components.attoseconds) / 1e15
                    )
                } ?? "-"
            }
            lines.append(
                String(
                    format: "requests: %d (%.0f/s), %d retried, %d answers asked again, %d documents never rated; ",
                    requests.requests,
                    seconds > 0 ? Double(requests.requests) / seconds : 0,
                    requests.retries,
                    requests.reasks,
                    requests.failures
                )
                    + "latency p50 \(milliseconds(0.5)), p99 \(milliseconds(0.99))"
            )
        }
        for failed in failedShards {
            lines.append("shard not written: \(failed.shard): \(failed.reason)")
        }
        return lines.joined(separator: "\n")
    }
}
