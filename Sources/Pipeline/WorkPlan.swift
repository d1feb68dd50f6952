import Cluster
import Foundation
import Shards

/// How shards are cut into work: whole, or (`--split-lines`) in pieces of a fixed number of lines,
/// so that one very large shard spreads over every rank instead of holding one rank for hours.
public struct ShardSplitting: Codable, Sendable, Equatable {
    /// Lines per piece.
    public var lines: Int64
    /// Shards smaller than this on disk stay whole: a piece costs every rank a skim of the shard.
    public var minimumBytes: Int64

    public init(lines: Int64, minimumBytes: Int64) {
        self.lines = lines
        self.minimumBytes = minimumBytes
    }

    func splits(size: Int64) -> Bool { size >= minimumBytes }
}

/// One unit of annotation work and its output file: a whole shard, or piece `piece` of a split
/// shard (lines `piece * N ..< (piece + 1) * N`, 0-based).
struct WorkUnit: Sendable, Equatable {
    let shard: ShardFile
    let piece: Int?
    let linesPerPiece: Int64

    static func whole(_ shard: ShardFile) -> WorkUnit { WorkUnit(shard: shard, piece: nil, linesPerPiece: 0) }

    /// The manifest key and the output's name without `.parquet`.
    var id: String { piece.map { shard.relativePath + String(format: ".part-%05d", $0) } ?? shard.relativePath }
    var output: String { id + ".parquet" }
    var lines: Range<Int64> {
        guard let piece else { return 0..<Int64.max }
        return Int64(piece) * linesPerPiece..<Int64(piece + 1) * linesPerPiece
    }
}

/// The work of one rank: the shards it annotates whole, and for each split shard the pieces it owns.
/// Every rank computes the same plan from the same listing; none needs to talk to another.
struct WorkPlan {
    struct SplitShard {
        let shard: ShardFile
        let size: Int64
        /// The first piece this rank owns; it owns every `world`-th piece after it.
        let firstPiece: Int
    }

    let rank: WorkerRank
    let splitting: ShardSplitting?
    private(set) var whole: [(shard: ShardFile, size: Int64)] = []
    private(set) var split: [SplitShard] = []

    init(shards: [ShardFile], sizes: [Int64], rank: WorkerRank, splitting: ShardSplitting?) {
        self.rank = rank
        self.splitting = splitting
        for (shard, size) in zip(shards, sizes) {
            if let splitting, splitting.splits(size: size) {
                let base = WorkerRank.rank(of: shard.relativePath, world: rank.world)
                split.append(
                    SplitShard(shard: shard, size: size, firstPiece: (rank.rank - base + rank.world) % rank.world)
                )
            } else if rank.owns(shard.relativePath) {
                whole.append((shard, size))
            }
        }
    }

    /// Bytes this rank reads, for progress: its whole shards, and all of every split shard (it skims them).
    var bytesToRead: Int64 { whole.reduce(0) { $0 + $1.size } + split.reduce(0) { $0 + $1.size } }

    func unit(_ shard: SplitShard, piece: Int) -> WorkUnit {
        WorkUnit(shard: shard.shard, piece: piece, linesPerPiece: splitting!.lines)
    }
}
