import Foundation
import Shards

/// Runs one rank's units in order, keeping the summary, the progress line and the ledger current.
struct UnitRunner {
    let annotator: Annotator
    let fields: FieldPaths
    let schema: AnnotationSchema
    let progress: ProgressLine
    let totalBytes: Int64
    var summary = RunSummary()
    private var bytesOfFinishedShards: Int64 = 0

    init(annotator: Annotator, fields: FieldPaths, schema: AnnotationSchema, progress: ProgressLine, totalBytes: Int64)
    {
        self.annotator = annotator
        self.fields = fields
        self.schema = schema
        self.progress = progress
        self.totalBytes = totalBytes
    }

    private var options: AnnotateOptions { annotator.options }

    mutating func annotateWhole(_ shard: ShardFile, size: Int64, ledger: inout RunLedger) async throws {
        defer { bytesOfFinishedShards += size }
        let unit = WorkUnit.whole(shard)
        let previous = ledger.finished(unit, inputSize: size)
        if let previous, !needsRetry(previous) {
            summary.shardsSkipped += 1
            return
        }
        try checkStop(abandoning: nil)
        let opened: (any RecordReader, FileIdentity)
        do {
            opened = try open(shard)
        } catch let failure as ShardFailure {
            try record(failure, of: unit, ledger: &ledger)
            return
        }
        try await annotate(unit, reader: opened.0, identity: opened.1, previous: previous, ledger: &ledger)
    }

    /// The pieces of a split shard that this rank owns, read with one reader that skims the lines
    /// of other ranks' pieces.
    mutating func annotatePieces(of split: WorkPlan.SplitShard, plan: WorkPlan, ledger: inout RunLedger) async throws {
        defer { bytesOfFinishedShards += split.size }
        var opened: (any RecordReader, FileIdentity)?
        var piece = split.firstPiece
        while true {
            defer { piece += plan.rank.world }
            guard let unit = plan.unit(split, piece: piece) else { return }
            let previous = ledger.finished(unit, inputSize: split.size)
            if let previous, !needsRetry(previous) {
                summary.shardsSkipped += 1
                if previous.reachedEnd == true { return }
                continue
            }
            try checkStop(abandoning: nil)
            do {
                if opened == nil { opened = try open(split.shard) }
                guard try opened!.0.skip(toLine: unit.lines.lowerBound) else { return }
            } catch {
                try record(error as? ShardFailure ?? ShardFailure(description: "\(error)"), of: unit, ledger: &ledger)
                return
            }
            guard
                let entry = try await annotate(
                    unit,
                    reader: opened!.0,
                    identity: opened!.1,
                    previous: previous,
                    ledger: &ledger
                ),
                entry.reachedEnd != true
            else { return }
        }
    }

    private func needsRetry(_ entry: RunManifest.Shard) -> Bool { options.retryErrors && entry.errors > 0 }

    private func open(_ shard: ShardFile) throws -> (any RecordReader, FileIdentity) {
        do {
            let identity = try FileIdentity(path: shard.url.path)
            return (try shard.records(fields: fields, maxLineBytes: options.maxLineBytes), identity)
        } catch let failure as ShardFailure {
            throw failure
        } catch {
            throw ShardFailure(description: "\(error)")
        }
    }

    private func checkStop(abandoning unit: String?) throws {
        if annotator.stop.isRequested {
            throw RunStopped(
                signal: annotator.stop.signal,
                shardsCommitted: summary.shardsAnnotated,
                abandonedShard: unit
            )
        }
    }

    /// Runs one unit and commits it; nil when it failed and was recorded as such.
    @discardableResult
    private mutating func annotate(
        _ unit: WorkUnit,
        reader: any RecordReader,
        identity: FileIdentity,
        previous: RunManifest.Shard?,
        ledger: inout RunLedger
    ) async throws -> RunManifest.Shard? {
        let prior = previous.map { options.output.appendingPathComponent($0.output) }
        let job = ShardJob(
            unit: unit,
            fields: fields,
            schema: schema,
            annotator: annotator,
            destination: options.output.appendingPathComponent(unit.output),
            prior: prior
        )
        try ledger.begin(unit)
        let before = summary
        let finished = bytesOfFinishedShards
        let progress = self.progress
        let total = totalBytes
        let rater = annotator.rater
        let shardsDone = before.shardsAnnotated + before.shardsSkipped
        let unitsTotal = before.shardsTotal + before.splitShards
        do {
            let result = try await job.run(reader: reader, identity: identity) { reader in
                progress.update(
                    .init(
                        shardsDone: shardsDone,
                        shardsTotal: unitsTotal,
                        documents: before.documents,
                        decompressedBytes: before.decompressedBytes + reader.decompressedBytesRead,
                        inputBytesRead: finished + reader.compressedBytesRead,
                        inputBytesTotal: total,
                        requests: rater.requestStatistics
                    )
                )
            }
            try ledger.commit(unit, result.entry)
            options.logger.debug(
                "committed \(unit.output)",
                metadata: ["rows": "\(result.entry.rows)", "errors": "\(result.entry.errors)"]
            )
            summary.add(result, isPiece: unit.piece != nil)
            return result.entry
        } catch is StopUnwind {
            throw RunStopped(
                signal: annotator.stop.signal,
                shardsCommitted: summary.shardsAnnotated,
                abandonedShard: unit.id
            )
        } catch let failure as ShardFailure {
            try record(failure, of: unit, ledger: &ledger)
            return nil
        }
    }

    private mutating func record(_ failure: ShardFailure, of unit: WorkUnit, ledger: inout RunLedger) throws {
        if options.strict { throw PipelineError.strictShardFailure(failure.description) }
        options.logger.debug("failed \(unit.id)", metadata: ["reason": "\(failure.description)"])
        summary.failedShards.append(.init(shard: unit.id, reason: failure.description))
        try ledger.fail(unit, reason: failure.description)
    }
}
