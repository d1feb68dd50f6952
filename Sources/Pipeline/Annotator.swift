import Criteria
import Foundation
import Raters
import Shards
import Tokenizers

/// The annotate run: lists the shards, skips those a previous run finished, and annotates the rest
/// one shard at a time, each with its rating batches spread over `threads` concurrent tasks.
public struct Annotator: Sendable {
    public let options: AnnotateOptions
    public let rater: any Rater
    public let tokenCounter: any TokenCounter
    public let criteria: CriteriaSet
    public let showProgress: Bool
    /// Checked between records: once set, the shard in progress is abandoned and `run()` throws `RunStopped`.
    public let stop: StopRequest

    public init(options: AnnotateOptions, rater: any Rater, tokenCounter: any TokenCounter, criteria: CriteriaSet,
                showProgress: Bool = true, stop: StopRequest = StopRequest()) {
        self.stop = stop
        self.options = options
        self.rater = rater
        self.tokenCounter = tokenCounter
        self.criteria = criteria
        self.showProgress = showProgress
    }

    public var fingerprint: RunFingerprint {
        RunFingerprint(rater: rater.descriptor, tokenizer: tokenCounter.name, tokenizerHash: tokenCounter.vocabularyHash,
                       criteriaVersion: criteria.versionHash, schemaVersion: AnnotationSchema.version,
                       textField: options.textField, idField: options.idField, sourceField: options.sourceField)
    }

    /// Annotates every shard not yet done. Throws for problems that stop the whole run (bad options,
    /// an incompatible output folder or one another run is writing, `--strict` on a bad record),
    /// and `RunStopped` when `stop` was requested; a shard that cannot be read is reported in the
    /// summary and the run goes on with the others.
    public func run() async throws -> RunSummary {
        let started = Date()
        let fields = try FieldPaths(text: options.textField, id: options.idField, source: options.sourceField)
        let shards = try ShardListing.list(options.inputs)
        guard !shards.isEmpty else {
            throw PipelineError("no shards found in \(options.inputs.map(\.path).joined(separator: ", ")) (looked for .jsonl, .json, .ndjson, optionally .zst, .lz4 or .gz compressed)")
        }
        try Self.prepareOutputFolder(options.output)
        let lock = try OutputLock(folder: options.output)
        defer { withExtendedLifetime(lock) {} }
        var manifest = try openManifest()

        let schema = AnnotationSchema(criteria: criteria)
        let progress = ProgressLine(enabled: showProgress)
        var summary = RunSummary()
        summary.shardsTotal = shards.count
        let sizes = shards.map { Self.fileSize($0.url) }
        let totalBytes = sizes.reduce(0, +)
        var bytesOfFinishedShards: Int64 = 0

        for (shard, size) in zip(shards, sizes) {
            defer { bytesOfFinishedShards += size }
            if let done = manifest.shards[shard.relativePath], done.inputSize == size,
               FileManager.default.fileExists(atPath: options.output.appendingPathComponent(done.output).path) {
                summary.shardsSkipped += 1
                continue
            }
            if stop.isRequested {
                throw RunStopped(signal: stop.signal, shardsCommitted: summary.shardsAnnotated, abandonedShard: nil)
            }
            let job = ShardJob(shard: shard, fields: fields, schema: schema, annotator: self,
                               destination: outputURL(for: shard))
            do {
                let before = summary
                let result = try await job.run { reader in
                    progress.update(.init(shardsDone: before.shardsAnnotated + before.shardsSkipped, shardsTotal: shards.count,
                                          documents: before.documents, decompressedBytes: before.decompressedBytes + reader.decompressedBytesRead,
                                          inputBytesRead: bytesOfFinishedShards + reader.compressedBytesRead, inputBytesTotal: totalBytes))
                }
                manifest.shards[shard.relativePath] = result.entry
                try manifest.save(in: options.output)
                summary.add(result)
            } catch is StopUnwind {
                throw RunStopped(signal: stop.signal, shardsCommitted: summary.shardsAnnotated, abandonedShard: shard.relativePath)
            } catch let failure as ShardFailure {
                if options.strict { throw PipelineError(failure.description) }
                summary.failedShards.append(.init(shard: shard.relativePath, reason: failure.description))
            }
        }
        progress.finish()
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    func outputURL(for shard: ShardFile) -> URL {
        options.output.appendingPathComponent(shard.relativePath + ".parquet")
    }

    private func openManifest() throws -> RunManifest {
        let current = fingerprint
        guard let existing = try RunManifest.load(from: options.output) else { return RunManifest(fingerprint: current) }
        let differences = current.differences(from: existing.fingerprint)
        if differences.isEmpty { return existing }
        guard options.force else {
            throw PipelineError("""
                \(options.output.path) holds annotations made differently (\(differences.joined(separator: "; "))). \
                Choose another --out, or pass --force to annotate every shard again into it.
                """)
        }
        return RunManifest(fingerprint: current)
    }

    /// Fails at the start, not after hours of work, when the output folder cannot be written.
    static func prepareOutputFolder(_ folder: URL) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw PipelineError("cannot create the output folder \(folder.path): \(error.localizedDescription)")
        }
        guard FileManager.default.isWritableFile(atPath: folder.path) else {
            throw PipelineError("the output folder \(folder.path) is not writable; make it writable or choose another --out")
        }
    }

    static func fileSize(_ url: URL) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: url.path)[.size]) as? NSNumber)?.int64Value ?? 0
    }
}
