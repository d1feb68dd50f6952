import Cluster
import Foundation

/// This rank's manifest, kept current as units start, commit and fail, beside what every rank's
/// manifest in the output folder said was finished when the run started.
struct RunLedger {
    let folder: URL
    let url: URL
    private(set) var own: RunManifest
    /// Units any rank finished before this run, by unit id.
    private let finishedBefore: [String: RunManifest.Shard]

    init(
        folder: URL,
        rank: WorkerRank,
        fingerprint: RunFingerprint,
        inputs: [URL],
        splitting: ShardSplitting?,
        force: Bool
    ) throws {
        self.folder = folder
        let name = RunManifest.fileName(for: rank)
        url = folder.appendingPathComponent(name)
        var own: RunManifest?
        var finished: [String: RunManifest.Shard] = [:]
        let manifests = try RunManifest.loadAll(from: folder)
        try Self.checkWorld(rank, against: manifests, folder: folder)
        for (file, manifest) in manifests {
            let differences = fingerprint.differences(from: manifest.fingerprint)
            guard differences.isEmpty else {
                guard force else {
                    throw PipelineError.madeDifferently(folder: folder.path, differences: differences, manifest: file)
                }
                continue
            }
            if file == name { own = manifest }
            finished.merge(manifest.shards) { mine, _ in mine }
        }
        if force { finished = [:] }
        var manifest = force ? RunManifest(fingerprint: fingerprint) : own ?? RunManifest(fingerprint: fingerprint)
        manifest.rank = rank.rank
        manifest.world = rank.world
        manifest.rankOrigin = rank.origin.rawValue
        manifest.inputs = inputs.map { $0.standardizedFileURL.path }
        manifest.splitting = splitting
        manifest.host = ProcessInfo.processInfo.hostName
        manifest.pid = ProcessInfo.processInfo.processIdentifier
        self.own = manifest
        finishedBefore = finished
    }

    /// A Slurm array task resubmitted alone (`sbatch --array=2`) is task 0 of an array of 1, so a
    /// world taken from Slurm that differs from the ranks already in the folder is refused rather
    /// than trusted: redoing a whole corpus in one task is never what was meant.
    private static func checkWorld(
        _ rank: WorkerRank,
        against manifests: [(name: String, manifest: RunManifest)],
        folder: URL
    ) throws {
        guard rank.origin == .slurmArray || rank.origin == .slurmTasks,
            let other = manifests.first(where: { ($0.manifest.world ?? 1) > 1 && $0.manifest.world != rank.world })
        else { return }
        throw PipelineError.worldMismatch(
            folder: folder.path,
            world: other.manifest.world ?? 1,
            manifest: other.name,
            rank: "\(rank)"
        )
    }

    /// The unit's entry when some rank finished it from this very input and its file is still there.
    func finished(_ unit: WorkUnit, inputSize: Int64) -> RunManifest.Shard? {
        guard let entry = own.shards[unit.id] ?? finishedBefore[unit.id], entry.inputSize == inputSize,
            FileManager.default.fileExists(atPath: folder.appendingPathComponent(entry.output).path)
        else { return nil }
        return entry
    }

    mutating func start() throws {
        own.state = .running
        own.current = nil
        try save()
    }

    mutating func begin(_ unit: WorkUnit) throws {
        own.current = unit.id
        try save()
    }

    mutating func commit(_ unit: WorkUnit, _ entry: RunManifest.Shard) throws {
        own.shards[unit.id] = entry
        own.failed?[unit.id] = nil
        if own.current == unit.id { own.current = nil }
        try save()
    }

    mutating func fail(_ unit: WorkUnit, reason: String) throws {
        own.failed = (own.failed ?? [:]).merging([unit.id: reason]) { $1 }
        if own.current == unit.id { own.current = nil }
        try save()
    }

    mutating func end(_ state: RunManifest.State) throws {
        own.state = state
        try save()
    }

    private mutating func save() throws {
        own.updatedAt = ISO8601DateFormatter().string(from: Date())
        try own.save(as: url)
    }
}
