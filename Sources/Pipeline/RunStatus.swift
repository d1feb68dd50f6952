import Cluster
import Foundation
import Shards

/// Where an annotate run in an output folder stands, from every rank's manifest and lock and a
/// fresh listing of the inputs they name: per rank, the units done, running, failed and missing.
public struct RunStatus: Codable, Sendable {
    public struct Rank: Codable, Sendable {
        public var rank: Int
        /// finished, running, stopped, died (its manifest says running but nobody holds its lock), not started.
        public var state: String
        public var holder: String?
        public var done = 0
        public var rows = 0
        public var errors = 0
        public var running: String?
        public var failed: [String: String] = [:]
        public var missing: [String] = []
    }

    public struct SplitShard: Codable, Sendable {
        public var shard: String
        public var piecesDone: Int
        /// Pieces 0 through the one where the shard ends are all done.
        public var complete: Bool
    }

    public var world: Int
    public var rankOrigin: String
    public var inputs: [String]
    public var shards: Int
    public var ranks: [Rank]
    public var splitShards: [SplitShard]
    /// Problems reading the inputs; the status is then only what the manifests say.
    public var warnings: [String]

    public var isComplete: Bool {
        ranks.allSatisfy { $0.running == nil && $0.failed.isEmpty && $0.missing.isEmpty }
            && splitShards.allSatisfy(\.complete)
    }

    public static func read(folder: URL) throws -> RunStatus {
        let manifests = try RunManifest.loadAll(from: folder)
        guard !manifests.isEmpty else {
            throw PipelineError.noRun(folder: folder.path)
        }
        let world = manifests.map { $0.manifest.world ?? 1 }.max()!
        let current = manifests.filter { ($0.manifest.world ?? 1) == world }
        let inputs = Array(Set(current.flatMap { $0.manifest.inputs ?? [] })).sorted()
        let splitting = current.lazy.compactMap(\.manifest.splitting).first
        var warnings: [String] = []
        if manifests.count != current.count {
            warnings.append(
                "manifests of other world sizes are ignored: \(manifests.filter { ($0.manifest.world ?? 1) != world }.map(\.name).joined(separator: ", "))"
            )
        }
        var finished: [String: RunManifest.Shard] = [:]
        for (_, manifest) in manifests {
            for (id, entry) in manifest.shards
            where FileManager.default.fileExists(atPath: folder.appendingPathComponent(entry.output).path) {
                finished[id] = entry
            }
        }
        var shards: [ShardFile] = []
        do {
            shards = try ShardListing.list(inputs.map { URL(fileURLWithPath: $0) }, excluding: folder)
        } catch {
            warnings.append("cannot list the inputs (\(error)); missing shards are not known")
        }
        let sizes = shards.map { Annotator.fileSize($0.url) }

        var ranks: [Rank] = []
        for index in 0..<world {
            let rank = try WorkerRank(rank: index, world: world, origin: .flags)
            let name = RunManifest.fileName(for: rank)
            let manifest = current.first { $0.name == name }?.manifest
            let holder = OutputLock.holder(of: folder.appendingPathComponent(OutputLock.fileName(for: rank)))
            var status = Rank(rank: index, state: Self.state(manifest, holder: holder), holder: holder)
            status.failed = manifest?.failed ?? [:]
            if holder != nil { status.running = manifest?.current }
            let plan = WorkPlan(shards: shards, sizes: sizes, rank: rank, splitting: splitting)
            for (shard, size) in plan.whole {
                let id = WorkUnit.whole(shard).id
                if let entry = finished[id], entry.inputSize == size {
                    status.done += 1
                    status.rows += entry.rows
                    status.errors += entry.errors
                    status.failed[id] = nil
                } else if status.running != id && status.failed[id] == nil {
                    status.missing.append(id)
                }
            }
            for (id, entry) in manifest?.shards ?? [:] where entry.firstLine != nil && finished[id] != nil {
                status.done += 1
                status.rows += entry.rows
                status.errors += entry.errors
            }
            ranks.append(status)
        }
        let splitShards = shards.indices.filter { splitting?.splits(size: sizes[$0]) ?? false }.map { index in
            Self.pieces(of: shards[index].relativePath, finished: finished)
        }
        return RunStatus(
            world: world,
            rankOrigin: current.first?.manifest.rankOrigin ?? WorkerRank.Origin.single.rawValue,
            inputs: inputs,
            shards: shards.count,
            ranks: ranks,
            splitShards: splitShards,
            warnings: warnings
        )
    }

    private static func state(_ manifest: RunManifest?, holder: String?) -> String {
        if holder != nil { return "running" }
        guard let manifest else { return "not started" }
        switch manifest.state {
        case .running?: return "died"
        case .stopped?: return "stopped"
        case .finished?, nil: return manifest.failed?.isEmpty ?? true ? "finished" : "finished with failures"
        }
    }

    private static func pieces(of shard: String, finished: [String: RunManifest.Shard]) -> SplitShard {
        let prefix = shard + ".part-"
        let pieces = finished.filter { $0.key.hasPrefix(prefix) && $0.value.firstLine != nil }
            .compactMap { id, entry in Int(id.dropFirst(prefix.count)).map { ($0, entry) } }
            .sorted { $0.0 < $1.0 }
        let last = pieces.first { $0.1.reachedEnd == true }?.0
        let complete = last.map { last in pieces.prefix { $0.0 <= last }.count == last + 1 } ?? false
        return SplitShard(shard: shard, piecesDone: pieces.count, complete: complete)
    }
}
