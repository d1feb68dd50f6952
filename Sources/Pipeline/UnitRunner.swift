import Foundation
import ParallelWork
import Rating
import Shards

/// The rating tasks of a run: each rates one batch and gives back its rows with the units they belong to.
typealias RatingGroup = ThrowingTaskGroup<(Int, RatedBatch), any Error>

/// Runs one rank's units in order, keeping the summary, the progress line and the ledger current.
///
/// One window of rating batches spans the units, and a batch is cut by size alone, so it may hold the end of one
/// unit and the start of the next: the next unit is read while the previous unit's last records are still rating,
/// and a rater with many slots (an HTTP server) is kept as busy over many small shards as over one big one. Batches
/// come back in submission order, so units complete, and commit, in the order they were read.
struct UnitRunner {
    let annotator: Annotator
    let fields: FieldPaths
    let schema: AnnotationSchema
    let progress: ProgressLine
    let totalBytes: Int64
    var summary = RunSummary()
    private var bytesOfFinishedShards: Int64 = 0
    /// `threads` batches rate at once; up to as many again may wait, finished, behind a slow one (an HTTP retry),
    /// so the others keep rating while memory stays bounded.
    private var window: OrderedWindow<RatedBatch>
    /// Units opened and not yet committed or dropped, oldest first.
    private var open: [ShardJob] = []
    /// Records read and not yet submitted, from one unit or several.
    private var pending = PendingBatch()
    private var nextSequence = 0

    init(annotator: Annotator, fields: FieldPaths, schema: AnnotationSchema, progress: ProgressLine, totalBytes: Int64)
    {
        self.annotator = annotator
        self.fields = fields
        self.schema = schema
        self.progress = progress
        self.totalBytes = totalBytes
        let threads = max(1, annotator.options.threads)
        window = OrderedWindow(width: threads, lookahead: 2 * threads)
    }

    private var options: AnnotateOptions { annotator.options }

    mutating func annotateWhole(
        _ shard: ShardFile,
        size: Int64,
        ledger: inout RunLedger,
        group: inout RatingGroup
    ) async throws {
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
        try await annotate(
            unit,
            reader: opened.0,
            identity: opened.1,
            previous: previous,
            ledger: &ledger,
            group: &group
        )
    }

    /// The pieces of a split shard that this rank owns, read with one reader that skims the lines
    /// of other ranks' pieces.
    mutating func annotatePieces(
        of split: WorkPlan.SplitShard,
        plan: WorkPlan,
        ledger: inout RunLedger,
        group: inout RatingGroup
    ) async throws {
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
                let end = try await annotate(
                    unit,
                    reader: opened!.0,
                    identity: opened!.1,
                    previous: previous,
                    ledger: &ledger,
                    group: &group
                ),
                end.reachedEnd != true
            else { return }
        }
    }

    /// Rates the last pending records, waits for the last batches and commits the units still open. Call once,
    /// after the last unit.
    mutating func finish(ledger: inout RunLedger, group: inout RatingGroup) async throws {
        if !pending.isEmpty { try await submitPending(ledger: &ledger, group: &group) }
        try deliver(try await window.drain(&group), ledger: &ledger)
        precondition(open.isEmpty, "units left open after the last batch: \(open.map(\.unit.id))")
    }

    /// Drops the output of every unit still open: the run stops without committing them, and a rerun redoes them.
    func abandonOpenUnits() {
        for job in open { job.abandon() }
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

    /// Reads one unit and submits its batches; it commits once its last batch is written, which may be while later
    /// units are read. Returns what the reader knew at the unit's end, or nil when the unit failed.
    @discardableResult
    private mutating func annotate(
        _ unit: WorkUnit,
        reader: any RecordReader,
        identity: FileIdentity,
        previous: RunManifest.Shard?,
        ledger: inout RunLedger,
        group: inout RatingGroup
    ) async throws -> ShardJob.ReadEnd? {
        try ledger.begin(unit)
        let job: ShardJob
        do {
            job = try ShardJob(
                sequence: nextSequence,
                unit: unit,
                identity: identity,
                destination: options.output.appendingPathComponent(unit.output),
                prior: previous.map { options.output.appendingPathComponent($0.output) },
                schema: schema,
                annotator: annotator
            )
        } catch {
            try record(error, of: unit, ledger: &ledger)
            return nil
        }
        nextSequence += 1
        open.append(job)
        do {
            let end = try await read(job, from: reader, ledger: &ledger, group: &group)
            open[open.count - 1].readEnd = end
            try commitSettled(ledger: &ledger)
            return end
        } catch is StopUnwind {
            throw RunStopped(
                signal: annotator.stop.signal,
                shardsCommitted: summary.shardsAnnotated,
                abandonedShard: unit.id
            )
        } catch let failure as ShardFailure {
            try fail(sequence: job.sequence, failure, ledger: &ledger)
            return nil
        } catch let error as PipelineError {
            throw error
        } catch {
            try fail(sequence: job.sequence, ShardFailure(description: "\(error)"), ledger: &ledger)
            return nil
        }
    }

    /// Reads the unit's records into the pending batch, submitting it whenever it is full, and writes the batches
    /// that come back meanwhile. The unit's last records may wait in the pending batch for the next unit's.
    private mutating func read(
        _ job: ShardJob,
        from reader: any RecordReader,
        ledger: inout RunLedger,
        group: inout RatingGroup
    ) async throws -> ShardJob.ReadEnd {
        let shard = job.shard
        let source = shard.topFolder
        var badRecords: [(reason: String, place: String)] = []
        let end = job.unit.lines.upperBound
        while let record = try reader.next(before: end) {
            if annotator.stop.isRequested { throw StopUnwind() }
            if case .bad(let bad) = record {
                if options.strict {
                    throw PipelineError.strictBadRecord(
                        file: shard.url.path,
                        line: bad.locator.line,
                        offset: bad.locator.offset,
                        reason: bad.reason
                    )
                }
                badRecords.append((bad.reason, bad.locator.place))
            }
            var known: Ratings?
            if case .document(let document) = record { known = try job.prior?.ratings(atLine: document.locator.line) }
            pending.append(record, known: known, source: source, unit: job.sequence)
            open[open.count - 1].recordsRead += 1
            if pending.records.count >= options.batchDocuments || pending.bytes >= options.batchBytes {
                try await submitPending(ledger: &ledger, group: &group)
                showProgress(reader)
            }
        }
        open[open.count - 1].result.badRecords = badRecords
        return ShardJob.ReadEnd(
            checksum: reader.inputChecksum,
            reachedEnd: job.unit.piece == nil ? nil : try reader.isAtEnd(),
            decompressedBytes: reader.decompressedBytesRead,
            compressedBytes: reader.compressedBytesRead
        )
    }

    /// Starts rating the pending batch (once the window has room) and writes the batches that came back.
    private mutating func submitPending(ledger: inout RunLedger, group: inout RatingGroup) async throws {
        let batch = pending.take()
        let rater = annotator.rater
        let counter = annotator.tokenCounter
        let domainNames = annotator.criteria.domains.map(\.name)
        let ready = try await window.submit(to: &group) {
            let rows = await ShardJob.annotate(
                batch.records,
                known: batch.known,
                sources: batch.sources,
                domainNames: domainNames,
                rater: rater,
                counter: counter
            )
            return RatedBatch(spans: batch.spans, rows: rows)
        }
        try deliver(ready, ledger: &ledger)
    }

    private func showProgress(_ reader: any RecordReader) {
        progress.update(
            .init(
                shardsDone: summary.shardsAnnotated + summary.shardsSkipped,
                shardsTotal: summary.shardsTotal + summary.splitShards,
                documents: summary.documents,
                decompressedBytes: summary.decompressedBytes + reader.decompressedBytesRead,
                inputBytesRead: bytesOfFinishedShards + reader.compressedBytesRead,
                inputBytesTotal: totalBytes,
                requests: annotator.rater.requestStatistics
            )
        )
    }

    /// Writes rated batches to their units (oldest first, as the window hands them back) and commits the units
    /// they complete. A unit whose rows cannot be written fails alone.
    private mutating func deliver(_ batches: [RatedBatch], ledger: inout RunLedger) throws {
        for batch in batches {
            var start = 0
            for span in batch.spans {
                let rows = batch.rows[start..<(start + span.count)]
                start += span.count
                guard let index = open.firstIndex(where: { $0.sequence == span.unit }) else {
                    preconditionFailure("rated rows of unit \(span.unit), which is not open")
                }
                do {
                    try open[index].write(rows)
                } catch {
                    try fail(sequence: span.unit, ShardFailure(description: "\(error)"), ledger: &ledger)
                }
            }
        }
        try commitSettled(ledger: &ledger)
    }

    /// Commits, oldest first, the units read to their end whose batches are all written; drops failed ones whose
    /// last batches came back.
    private mutating func commitSettled(ledger: inout RunLedger) throws {
        while let job = open.first, job.isSettled {
            open.removeFirst()
            guard job.failure == nil else { continue }
            var committing = job
            do {
                let result = try committing.commit(fingerprint: annotator.fingerprint)
                try ledger.commit(job.unit, result.entry)
                options.logger.debug(
                    "committed \(job.unit.output)",
                    metadata: ["rows": "\(result.entry.rows)", "errors": "\(result.entry.errors)"]
                )
                summary.add(result, isPiece: job.unit.piece != nil)
            } catch let failure as ShardFailure {
                try record(failure, of: job.unit, ledger: &ledger)
            }
        }
    }

    /// Fails an open unit: its file is dropped, the failure recorded, and batches still rating are dropped when
    /// they come back.
    private mutating func fail(sequence: Int, _ failure: ShardFailure, ledger: inout RunLedger) throws {
        guard let index = open.firstIndex(where: { $0.sequence == sequence }) else { return }
        guard open[index].failure == nil else { return }
        open[index].failure = failure
        open[index].abandon()
        try record(failure, of: open[index].unit, ledger: &ledger)
        try commitSettled(ledger: &ledger)
    }

    private mutating func record(_ failure: ShardFailure, of unit: WorkUnit, ledger: inout RunLedger) throws {
        if options.strict { throw PipelineError.strictShardFailure(failure.description) }
        options.logger.debug("failed \(unit.id)", metadata: ["reason": "\(failure.description)"])
        summary.failedShards.append(.init(shard: unit.id, reason: failure.description))
        try ledger.fail(unit, reason: failure.description)
    }
}
