import Cluster
import Testing

@Suite struct WorkerRankTests {
    @Test func flagsWinOverSlurm() throws {
        let rank = try WorkerRank.resolve(rank: 2, world: 5, environment: ["SLURM_PROCID": "1", "SLURM_NTASKS": "3"])
        #expect(rank == (try WorkerRank(rank: 2, world: 5, origin: .flags)))
    }

    @Test func slurmArrayCountsFromItsFirstTask() throws {
        let environment = [
            "SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_MIN": "5", "SLURM_ARRAY_TASK_COUNT": "4",
            "SLURM_PROCID": "0", "SLURM_NTASKS": "1",
        ]
        let rank = try WorkerRank.resolve(rank: nil, world: nil, environment: environment)
        #expect(rank.rank == 2 && rank.world == 4 && rank.origin == .slurmArray)
        #expect(rank.description == "rank 2 of 4 (from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT)")
    }

    @Test func slurmTasksWithoutAnArray() throws {
        let rank = try WorkerRank.resolve(
            rank: nil,
            world: nil,
            environment: ["SLURM_PROCID": "3", "SLURM_NTASKS": "8"]
        )
        #expect(rank.rank == 3 && rank.world == 8 && rank.origin == .slurmTasks)
        #expect(try WorkerRank.resolve(rank: nil, world: nil, environment: [:]) == .single)
    }

    @Test func badValuesAreRefusedWithTheReason() {
        #expect(throws: WorkerRankError.rankWithoutWorld) {
            try WorkerRank.resolve(rank: 1, world: nil, environment: [:])
        }
        #expect(throws: WorkerRankError.rankOutsideWorld(rank: 4, world: 4)) {
            try WorkerRank.resolve(rank: 4, world: 4, environment: [:])
        }
        #expect(throws: WorkerRankError.emptyWorld(0)) { try WorkerRank.resolve(rank: 0, world: 0, environment: [:]) }
        // A sparse array (--array=0,2,9) numbers tasks past the count.
        let sparse = ["SLURM_ARRAY_TASK_ID": "9", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "0"]
        #expect(
            throws: WorkerRankError.slurmArray(.rankOutsideWorld(rank: 9, world: 3), task: 9, firstTask: 0, tasks: 3)
        ) {
            try WorkerRank.resolve(rank: nil, world: nil, environment: sparse)
        }
        let garbled = ["SLURM_PROCID": "x", "SLURM_NTASKS": "3"]
        #expect(throws: WorkerRankError.notANumber("SLURM_PROCID=x or SLURM_NTASKS=3")) {
            try WorkerRank.resolve(rank: nil, world: nil, environment: garbled)
        }
    }

    @Test func everyKeyHasExactlyOneOwnerAndTheWorkIsSpread() throws {
        let keys = (0..<4_000).map { "code/part-\($0).jsonl.zst" }
        for world in [1, 2, 3, 4, 7] {
            let ranks = try (0..<world).map { try WorkerRank(rank: $0, world: world, origin: .flags) }
            var perRank = [Int](repeating: 0, count: world)
            for key in keys {
                let owners = ranks.filter { $0.owns(key) }
                #expect(owners.count == 1)
                perRank[owners[0].rank] += 1
            }
            // A uniform hash puts each rank within a few standard deviations of its share.
            let share = Double(keys.count) / Double(world)
            #expect(perRank.allSatisfy { abs(Double($0) - share) < 5 * share.squareRoot() + 1 })
        }
    }

    @Test func theAssignmentIsStable() {
        // XXH3-64 of the path modulo the world, as Python's xxhash.xxh3_64_intdigest gives it: changing
        // the hash would silently reassign the shards of a cluster job that is being resumed.
        #expect(WorkerRank.rank(of: "docs/python.jsonl.zst", world: 4) == 0)
        #expect(WorkerRank.rank(of: "docs/python.jsonl.zst", world: 7) == 5)
        #expect(WorkerRank.rank(of: "code/go.jsonl.zst", world: 4) == 3)
        #expect(WorkerRank.rank(of: "books/fortunes.jsonl", world: 7) == 3)
        #expect((0..<6).map { WorkerRank.rank(ofPiece: $0, of: "code/go.jsonl.zst", world: 4) } == [3, 0, 1, 2, 3, 0])
    }
}
