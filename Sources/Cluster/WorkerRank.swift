import CXXHash

/// Which share of the work this process does: rank `rank` of `world`, and where that came from.
/// Work is dealt out by a stable hash of a key (a shard's relative path), so every rank computes the
/// same assignment on its own, without a coordinator, whatever order it lists the files in.
public struct WorkerRank: Sendable, Equatable, CustomStringConvertible {
    public enum Origin: String, Sendable, Equatable {
        case single = "a single process"
        case flags = "--rank/--world"
        case slurmArray = "SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT"
        case slurmTasks = "SLURM_PROCID/SLURM_NTASKS"
    }

    public let rank: Int
    public let world: Int
    public let origin: Origin

    public static let single = WorkerRank(validRank: 0, world: 1, origin: .single)

    private init(validRank rank: Int, world: Int, origin: Origin) {
        self.rank = rank
        self.world = world
        self.origin = origin
    }

    public init(rank: Int, world: Int, origin: Origin) throws {
        guard world >= 1 else { throw WorkerRankError.emptyWorld(world) }
        guard (0..<world).contains(rank) else { throw WorkerRankError.rankOutsideWorld(rank: rank, world: world) }
        self.init(validRank: rank, world: world, origin: origin)
    }

    /// `--rank`/`--world` when given (both or neither), else a Slurm array task
    /// (`SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN` of `SLURM_ARRAY_TASK_COUNT`), else a Slurm
    /// step's task (`SLURM_PROCID` of `SLURM_NTASKS`), else the whole work in one process.
    public static func resolve(rank: Int?, world: Int?, environment: [String: String]) throws -> WorkerRank {
        switch (rank, world) {
        case let (rank?, world?): return try WorkerRank(rank: rank, world: world, origin: .flags)
        case (nil, nil): break
        default: throw WorkerRankError.rankWithoutWorld
        }
        if let id = environment["SLURM_ARRAY_TASK_ID"], let count = environment["SLURM_ARRAY_TASK_COUNT"] {
            let minimum = environment["SLURM_ARRAY_TASK_MIN"] ?? "0"
            guard let id = Int(id), let count = Int(count), let minimum = Int(minimum) else {
                throw WorkerRankError.notANumber(
                    "SLURM_ARRAY_TASK_ID=\(id), SLURM_ARRAY_TASK_MIN=\(minimum) or SLURM_ARRAY_TASK_COUNT=\(count)"
                )
            }
            do {
                return try WorkerRank(rank: id - minimum, world: count, origin: .slurmArray)
            } catch let error as WorkerRankError {
                throw WorkerRankError.slurmArray(error, task: id, firstTask: minimum, tasks: count)
            }
        }
        if let id = environment["SLURM_PROCID"], let count = environment["SLURM_NTASKS"] {
            guard let id = Int(id), let count = Int(count) else {
                throw WorkerRankError.notANumber("SLURM_PROCID=\(id) or SLURM_NTASKS=\(count)")
            }
            return try WorkerRank(rank: id, world: count, origin: .slurmTasks)
        }
        return .single
    }

    /// Whether the work item named `key` is this rank's.
    public func owns(_ key: String) -> Bool {
        world == 1 || Self.rank(of: key, world: world) == rank
    }

    /// The rank that does the work item named `key` in a world of `world`.
    public static func rank(of key: String, world: Int) -> Int {
        var key = key
        let hash = key.withUTF8 { XXH3_64bits($0.baseAddress, $0.count) }
        return Int(hash % UInt64(world))
    }

    /// The rank that does piece `piece` of a split shard: pieces go round the ranks starting at the
    /// shard's own rank, so a shard's pieces spread over every rank.
    public static func rank(ofPiece piece: Int, of key: String, world: Int) -> Int {
        (rank(of: key, world: world) + piece) % world
    }

    public var description: String {
        origin == .single ? "a single process" : "rank \(rank) of \(world) (from \(origin.rawValue))"
    }
}

/// A rank and world that do not describe one process of a run.
public indirect enum WorkerRankError: Error, Equatable, CustomStringConvertible {
    case emptyWorld(Int)
    case rankOutsideWorld(rank: Int, world: Int)
    /// `--rank` without `--world`, or the other way round.
    case rankWithoutWorld
    /// Slurm's variables, as found, of which one is not a number.
    case notANumber(String)
    /// A rank or world from a Slurm array that does not fit, with the array it came from.
    case slurmArray(WorkerRankError, task: Int, firstTask: Int, tasks: Int)

    public var description: String {
        switch self {
        case .emptyWorld(let world): "the world size must be at least 1 (got \(world))"
        case .rankOutsideWorld(let rank, let world): "rank \(rank) is outside 0..<\(world); ranks count from 0"
        case .rankWithoutWorld: "give --rank and --world together, e.g. --rank 0 --world 4"
        case .notANumber(let variables): "\(variables) is not a number"
        case .slurmArray(let error, let task, let firstTask, let tasks):
            "\(error) (from the Slurm array: task \(task), first task \(firstTask), \(tasks) tasks; the array must be contiguous, e.g. --array=0-\(tasks - 1), or give --rank and --world)"
        }
    }
}
