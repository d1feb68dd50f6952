import Criteria
import Foundation
import Rating
import Shards
import Tokenizers

/// The annotate run: lists the shards, keeps this rank's share, skips what a previous run finished,
/// and annotates the rest one unit at a time, each with its rating batches spread over `threads`
/// concurrent tasks.
public struct Annotator: Sendable {
    public let options: AnnotateOptions
    public let rater: any Rater
    public let tokenCounter: any TokenCounter
    public let criteria: CriteriaSet
    public let showProgress: Bool
    /// Checked between records: once set, the shard in progress is abandoned and `run()` throws `RunStopped`.
    public let stop: StopRequest

    public init(
        options: AnnotateOptions,
        rater: any Rater,
        tokenCounter: any TokenCounter,
        criteria: CriteriaSet,
        showProgress: Bool = true,
        stop: StopRequest = StopRequest()
    ) {
        self.stop = stop
        self.options = options
        self.rater = rater
        self.tokenCounter = tokenCounter
        self.criteria = criteria
        self.showProgress = showProgress
    }

    public var fingerprint: RunFingerprint {
        RunFingerprint(
            rater: rater.descriptor,
            tokenizer: tokenCounter.name,
            tokenizerHash: tokenCounter.vocabularyHash,
            criteriaVersion: criteria.versionHash,
            schemaVersion: AnnotationSchema.version,
            textField: options.textField,
            idField: options.idField,
            sourceField: options.sourceField
        )
    }

    /// Annotates every unit of this rank not yet done. Throws for problems that stop the whole run
    /// (bad options, an incompatible output folder or one another run is writing, `--strict` on a
    /// bad record), and `RunStopped` when `stop` was requested; a shard that cannot be read is
    /// reported in the summary and the run goes on with the others.
    public func run() async throws -> RunSummary {
        let started = Date()
        let fields = try FieldPaths(text: options.textField, id: options.idField, source: options.sourceField)
        let shards = try ShardListing.list(options.inputs, excluding: options.output)
        guard !shards.isEmpty else {
            throw PipelineError.noShards(inputs: options.inputs.map(\.path))
        }
        try Self.prepareOutputFolder(options.output)
        let lock = try OutputLock(folder: options.output, rank: options.rank, logger: options.logger)
        defer { withExtendedLifetime(lock) {} }
        var ledger = try RunLedger(
            folder: options.output,
            rank: options.rank,
            fingerprint: fingerprint,
            inputs: options.inputs,
            splitting: options.splitting,
            force: options.force
        )
        let plan = WorkPlan(
            shards: shards,
            sizes: shards.map { Self.fileSize($0.url) },
            rank: options.rank,
            splitting: options.splitting
        )
        var run = UnitRunner(
            annotator: self,
            fields: fields,
            schema: AnnotationSchema(criteria: criteria),
            progress: ProgressLine(enabled: showProgress),
            totalBytes: plan.bytesToRead
        )
        run.summary.rank = options.rank
        run.summary.shardsTotal = plan.whole.count
        run.summary.splitShards = plan.split.count
        try ledger.start()
        do {
            try await withThrowingTaskGroup(of: (Int, RatedBatch).self) { group in
                do {
                    for (shard, size) in plan.whole {
                        try await run.annotateWhole(shard, size: size, ledger: &ledger, group: &group)
                    }
                    for split in plan.split {
                        try await run.annotatePieces(of: split, plan: plan, ledger: &ledger, group: &group)
                    }
                    try await run.finish(ledger: &ledger, group: &group)
                } catch {
                    run.abandonOpenUnits()
                    throw error
                }
            }
        } catch let stopped as RunStopped {
            try? ledger.end(.stopped)
            throw stopped
        }
        try ledger.end(.finished)
        run.progress.finish()
        run.summary.seconds = Date().timeIntervalSince(started)
        run.summary.requests = rater.requestStatistics
        return run.summary
    }

    /// Fails at the start, not after hours of work, when the output folder cannot be written.
    static func prepareOutputFolder(_ folder: URL) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw PipelineError.cannotCreateOutput(folder: folder.path, reason: error.localizedDescription)
        }
        guard FileManager.default.isWritableFile(atPath: folder.path) else {
            throw PipelineError.outputNotWritable(folder: folder.path)
        }
    }

    static func fileSize(_ url: URL) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: url.path)[.size]) as? NSNumber)?.int64Value ?? 0
    }
}
