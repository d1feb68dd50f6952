import Shards

/// Why an annotate run (or `dataman status`) cannot go on; each case names the folder or file involved.
public enum PipelineError: Error, Sendable, Equatable, CustomStringConvertible {
    case noShards(inputs: [String])
    case cannotCreateOutput(folder: String, reason: String)
    case outputNotWritable(folder: String)
    /// Another live run holds this output's (or this rank's) lock.
    case outputInUse(folder: String, rank: Int?, holder: String)
    case lockFailed(path: String, reason: String)
    case manifestUnreadable(path: String, reason: String)
    /// The folder's manifests were made with another rater, tokenizer, criteria or fields.
    case madeDifferently(folder: String, differences: [String], manifest: String)
    /// A world taken from Slurm that differs from the ranks already annotating the folder.
    case worldMismatch(folder: String, world: Int, manifest: String, rank: String)
    case noRun(folder: String)
    /// `--strict`: the first bad record stops the run.
    case strictBadRecord(file: String, line: Int64, offset: Int64, reason: String)
    /// `--strict`: a unit that could not be annotated stops the run.
    case strictShardFailure(String)

    public var description: String {
        switch self {
        case .noShards(let inputs):
            "no shards found in \(inputs.joined(separator: ", ")) (looked for .jsonl, .json, .ndjson, optionally .zst, .lz4 or .gz compressed)"
        case .cannotCreateOutput(let folder, let reason): "cannot create the output folder \(folder): \(reason)"
        case .outputNotWritable(let folder):
            "the output folder \(folder) is not writable; make it writable or choose another --out"
        case .outputInUse(let folder, let rank, let holder):
            """
            \(folder) is in use by another dataman run\(rank.map { " of rank \($0)" } ?? "") \
            (\(holder.isEmpty ? "holder unknown" : holder)); wait for it to finish or stop it, or choose another --out
            """
        case .lockFailed(let path, let reason): "cannot lock \(path): \(reason)"
        case .manifestUnreadable(let path, let reason):
            "\(path) is unreadable (\(reason)); move it away to start this output folder afresh"
        case .madeDifferently(let folder, let differences, let manifest):
            """
            \(folder) holds annotations made differently (\(differences.joined(separator: "; ")); see \(manifest)). \
            Choose another --out, or pass --force to annotate every shard again into it.
            """
        case .worldMismatch(let folder, let world, let manifest, let rank):
            """
            \(folder) is being annotated by \(world) ranks (\(manifest)), but Slurm makes this \
            \(rank) (a task resubmitted alone is task 0 of an array of 1). Pass its place explicitly, e.g. \
            --rank I --world \(world) (scripts/slurm/annotate.sbatch does), or --rank 0 --world 1 for one process over everything.
            """
        case .noRun(let folder): "\(folder) holds no annotate run (no _dataman.json nor _dataman.rank-*.json)"
        case .strictBadRecord(let file, let line, let offset, let reason):
            ShardFormat(name: file) == .parquet
                ? "\(file): row \(line): \(reason) (stopped by --strict)"
                : "\(file): line \(line + 1), byte \(offset): \(reason) (stopped by --strict)"
        case .strictShardFailure(let reason): reason
        }
    }
}
