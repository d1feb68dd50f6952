import Cluster
import FileIO
import Foundation

/// A rank's record of an annotate run in its output folder: the fingerprint, what it was asked to
/// do, and the units (shards or shard pieces) it finished. A single process writes `_dataman.json`;
/// rank I of N writes `_dataman.rank-IIII-of-NNNN.json`, so ranks sharing an output folder never
/// write the same file, and readers merge them all. It is rewritten atomically after each unit
/// commits, so it never lists a unit whose file is not complete on disk.
public struct RunManifest: Codable, Sendable {
    public static let fileName = "_dataman.json"

    public struct Shard: Codable, Sendable, Equatable {
        public var output: String
        public var rows: Int
        public var errors: Int
        /// The whole input file's size; its XXH3 when the whole file was read (empty for a piece).
        public var inputSize: Int64
        public var inputXXH3: String
        public var finishedAt: String
        /// For a piece of a split shard: its first line and the line after it (0-based), and
        /// whether the shard ended inside it, which makes it the last piece.
        public var firstLine: Int64?
        public var endLine: Int64?
        public var reachedEnd: Bool?
    }

    public enum State: String, Codable, Sendable {
        case running, finished, stopped
    }

    public var engineVersion: String
    public var fingerprint: RunFingerprint
    /// Keyed by unit: the shard's path relative to its input root, with `.part-NNNNN` for a piece.
    public var shards: [String: Shard]
    public var rank: Int?
    public var world: Int?
    /// Where rank and world came from (flags, a Slurm variable pair, a single process).
    public var rankOrigin: String?
    /// The inputs as given, made absolute, so `dataman status` can list what should be done.
    public var inputs: [String]?
    public var splitting: ShardSplitting?
    public var state: State?
    /// The unit being annotated while `state` is running.
    public var current: String?
    /// Units that could not be annotated in the last attempt, and why.
    public var failed: [String: String]?
    public var host: String?
    public var pid: Int32?
    public var updatedAt: String?

    public init(fingerprint: RunFingerprint) {
        engineVersion = Engine.version
        self.fingerprint = fingerprint
        shards = [:]
    }

    /// `_dataman.json`, or the rank's own file when the work is split over several ranks.
    public static func fileName(for rank: WorkerRank) -> String {
        rank.world == 1 ? fileName : String(format: "_dataman.rank-%04d-of-%04d.json", rank.rank, rank.world)
    }

    public static func isManifestName(_ name: String) -> Bool {
        name == fileName || (name.hasPrefix("_dataman.rank-") && name.hasSuffix(".json"))
    }

    /// The manifest at `url`, or nil when there is none yet.
    public static func load(_ url: URL) throws -> RunManifest? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try JSONDecoder().decode(RunManifest.self, from: Data(contentsOf: url))
        } catch {
            throw PipelineError.manifestUnreadable(path: url.path, reason: "\(error)")
        }
    }

    /// The single-process manifest in `folder`, or nil.
    public static func load(from folder: URL) throws -> RunManifest? {
        try load(folder.appendingPathComponent(fileName))
    }

    /// Every rank's manifest in `folder`, by file name.
    public static func loadAll(from folder: URL) throws -> [(name: String, manifest: RunManifest)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return try names.filter(isManifestName).sorted().compactMap { name in
            try load(folder.appendingPathComponent(name)).map { (name, $0) }
        }
    }

    public func save(as url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFileWriter.write(Array(try encoder.encode(self)), to: url)
    }
}
