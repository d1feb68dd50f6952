import ArgumentParser
import Cluster
import Foundation

/// `--rank`/`--world`, shared by the commands whose work can be split over cluster nodes.
struct RankOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            """
            This process's share of the work, 0 to --world - 1. Without --rank and --world, Slurm's \
            SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT (an array job) or SLURM_PROCID/SLURM_NTASKS (srun tasks) \
            are used when set, else one process does all.
            """,
            valueName: "i"
        )
    )
    var rank: Int?

    @Option(
        help: ArgumentHelp(
            "How many processes share the work; each takes the files whose path hashes to its rank.",
            valueName: "n"
        )
    )
    var world: Int?

    /// ArgumentParser calls this for every command that includes the group, before `run()`.
    func validate() throws { _ = try resolve() }

    func resolve() throws -> WorkerRank {
        do {
            return try WorkerRank.resolve(rank: rank, world: world, environment: ProcessInfo.processInfo.environment)
        } catch let error as WorkerRankError {
            throw ValidationError(error.description)
        }
    }
}
