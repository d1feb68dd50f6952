import FileIO
import Foundation

/// `_dataman.json` in an output folder: the run's fingerprint and the shards finished so far.
/// It is rewritten atomically after each shard commits, so it never lists a shard whose file
/// is not complete on disk.
public struct RunManifest: Codable, Sendable {
    public static let fileName = "_dataman.json"

    public struct Shard: Codable, Sendable, Equatable {
        public var output: String
        public var rows: Int
        public var errors: Int
        public var inputSize: Int64
        public var inputXXH3: String
        public var finishedAt: String
    }

    public var engineVersion: String
    public var fingerprint: RunFingerprint
    /// Keyed by the shard's path relative to its input root.
    public var shards: [String: Shard]

    public init(fingerprint: RunFingerprint) {
        engineVersion = Provenance.engineVersion
        self.fingerprint = fingerprint
        shards = [:]
    }

    public static func url(in folder: URL) -> URL { folder.appendingPathComponent(fileName) }

    /// The manifest in `folder`, or nil when there is none yet.
    public static func load(from folder: URL) throws -> RunManifest? {
        let url = url(in: folder)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try JSONDecoder().decode(RunManifest.self, from: Data(contentsOf: url))
        } catch {
            throw PipelineError("\(url.path) is unreadable (\(error)); move it away to start this output folder afresh")
        }
    }

    public func save(in folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFileWriter.write(Array(try encoder.encode(self)), to: Self.url(in: folder))
    }
}

public struct PipelineError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
