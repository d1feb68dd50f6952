import Cluster
import Foundation
import Shards

/// How shards are cut into work: whole, or (`--split-lines`) in pieces of a fixed number of lines,
/// so that one very large shard spreads over every rank instead of holding one rank for hours. A Parquet file is
/// cut only between row groups: each piece is the row groups that start in its span of `lines` rows, so a rank
/// reads its own row groups and no others.
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
/// shard, which covers the lines (rows of a Parquet file) `lines`, 0-based.
struct WorkUnit: Sendable, Equatable {
    let shard: ShardFile
    let piece: Int?
    let lines: Range<Int64>

    static func whole(_ shard: ShardFile) -> WorkUnit { WorkUnit(shard: shard, piece: nil, lines: 0..<Int64.max) }

    /// The manifest key and the output's name without `.parquet`.
    var id: String { piece.map { shard.relativePath + String(format: ".part-%05d", $0) } ?? shard.relativePath }
    var output: String { id + ".parquet" }
}

/// The work of one rank: the shards it annotates whole, and for each split shard the pieces it owns.
/// Every rank computes the same plan from the same listing; none needs to talk to another.
struct WorkPlan {
    struct SplitShard {
        let shard: ShardFile
        let size: Int64
        /// The first piece this rank owns; it owns every `world`-th piece after it.
        let firstPiece: Int
        /// A Parquet file's pieces, known from its footer; nil for JSONL, whose pieces run until its lines end.
        let parquetPieces: [Range<Int64>]?
    }

    let rank: WorkerRank
    let splitting: ShardSplitting?
    private(set) var whole: [(shard: ShardFile, size: Int64)] = []
    private(set) var split: [SplitShard] = []

    init(shards: [ShardFile], sizes: [Int64], rank: WorkerRank, splitting: ShardSplitting?) {
        self.rank = rank
        self.splitting = splitting
        for (shard, size) in zip(shards, sizes) {
            if let splitting, let pieces = Self.pieces(of: shard, size: size, splitting: splitting) {
                let base = WorkerRank.rank(of: shard.relativePath, world: rank.world)
                let parquetPieces: [Range<Int64>]? =
                    if case .rowGroups(let ranges) = pieces { ranges } else { nil }
                split.append(
                    SplitShard(
                        shard: shard,
                        size: size,
                        firstPiece: (rank.rank - base + rank.world) % rank.world,
                        parquetPieces: parquetPieces
                    )
                )
            } else if rank.owns(shard.relativePath) {
                whole.append((shard, size))
            }
        }
    }

    /// How a split shard is cut: JSONL in pieces of `lines` lines until it ends, Parquet between row groups.
    private enum Pieces {
        case lines
        case rowGroups([Range<Int64>])
    }

    /// How the shard is cut, or nil when it stays whole. A Parquet file whose footer cannot be read stays whole:
    /// annotating it reports why.
    private static func pieces(of shard: ShardFile, size: Int64, splitting: ShardSplitting) -> Pieces? {
        guard splitting.splits(size: size) else { return nil }
        guard shard.format == .parquet else { return .lines }
        guard let rowGroups = try? ParquetShardReader.rowGroupRows(of: shard.url) else { return nil }
        var pieces: [Range<Int64>] = []
        var start: Int64 = 0
        for rows in rowGroups {
            let end = start + rows
            // A piece takes the row groups that start before its span of `lines` rows ends.
            if pieces.isEmpty || start >= Int64(pieces.count) * splitting.lines {
                pieces.append(start..<end)
            } else {
                pieces[pieces.count - 1] = pieces[pieces.count - 1].lowerBound..<end
            }
            start = end
        }
        return pieces.count > 1 ? .rowGroups(pieces) : nil
    }

    /// Bytes this rank reads, for progress: its whole shards, and all of every split shard (it skims a JSONL one;
    /// a Parquet reader reports its place in the file by rows, so skipped row groups count as passed).
    var bytesToRead: Int64 { whole.reduce(0) { $0 + $1.size } + split.reduce(0) { $0 + $1.size } }

    /// Piece `piece` of a split shard; nil past a Parquet file's last piece.
    func unit(_ shard: SplitShard, piece: Int) -> WorkUnit? {
        guard let pieces = shard.parquetPieces else {
            let lines = splitting!.lines
            return WorkUnit(shard: shard.shard, piece: piece, lines: Int64(piece) * lines..<Int64(piece + 1) * lines)
        }
        return piece < pieces.count ? WorkUnit(shard: shard.shard, piece: piece, lines: pieces[piece]) : nil
    }
}
