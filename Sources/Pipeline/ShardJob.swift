import Foundation
import ParallelWork
import Rating
import Shards
import Tokenizers

/// A shard that could not be annotated: its output was not committed, and a rerun tries it again.
struct ShardFailure: Error, CustomStringConvertible {
    let description: String
}

/// What annotating one shard produced, merged into the run summary by the caller.
struct ShardResult {
    var entry: RunManifest.Shard
    var documents = 0
    var ratingErrors = 0
    var decompressedBytes: Int64 = 0
    var compressedBytes: Int64 = 0
    var badRecords: [(reason: String, place: String)] = []
}

/// Annotates one work unit (a shard, or a piece of one) from a reader positioned at its first line:
/// reads records in order, rates batches of them concurrently (at most `threads` batches in flight,
/// so memory stays bounded), and writes the rows back in input order.
struct ShardJob {
    let unit: WorkUnit
    let fields: FieldPaths
    let schema: AnnotationSchema
    let annotator: Annotator
    let destination: URL
    /// `--retry-errors`: the unit's earlier file, whose rated rows are kept instead of rated again.
    let prior: URL?

    var shard: ShardFile { unit.shard }

    /// Annotates the unit and commits its file. `identity` was taken before the reader was opened;
    /// a whole shard must also have been read to its last byte, a piece only unchanged on disk.
    func run(
        reader: any RecordReader,
        identity: FileIdentity,
        progress: (any RecordReader) -> Void
    ) async throws -> ShardResult {
        let options = annotator.options
        let writer: AnnotationFileWriter
        let priorRatings: PriorRatings?
        do {
            writer = try AnnotationFileWriter(
                destination: destination,
                schema: schema,
                rowGroupRows: options.rowGroupRows
            )
            priorRatings = try prior.map {
                try PriorRatings(file: $0, domainNames: annotator.criteria.domains.map(\.name))
            }
        } catch {
            throw ShardFailure(description: "\(error)")
        }
        var result = ShardResult(
            entry: .init(
                output: unit.output,
                rows: 0,
                errors: 0,
                inputSize: identity.size,
                inputXXH3: "",
                finishedAt: ""
            )
        )
        do {
            try await annotateRecords(
                reader: reader,
                prior: priorRatings,
                writer: writer,
                result: &result,
                progress: progress
            )
            let isWhole = unit.piece == nil
            let checksum = reader.inputChecksum
            if let change = try identity.change(at: shard.url.path, bytesRead: isWhole ? checksum.size : nil) {
                throw ShardFailure(
                    description:
                        "\(shard.url.path) \(change) while it was being read; its annotations were not written, rerun to redo it"
                )
            }
            if isWhole {
                result.entry.inputXXH3 = String(format: "%016llx", checksum.xxh3)
            } else {
                result.entry.firstLine = unit.lines.lowerBound
                result.entry.endLine = unit.lines.upperBound
                result.entry.reachedEnd = try reader.isAtEnd()
            }
            result.entry.finishedAt = ISO8601DateFormatter().string(from: Date())
            result.decompressedBytes = reader.decompressedBytesRead
            result.compressedBytes = reader.compressedBytesRead
            let metadata = Provenance.metadata(
                fingerprint: annotator.fingerprint,
                input: .init(
                    relativePath: shard.relativePath,
                    size: identity.size,
                    xxh3: isWhole ? checksum.xxh3 : nil,
                    lines: isWhole ? nil : unit.lines
                ),
                rows: result.entry.rows,
                errors: result.entry.errors
            )
            try writer.commit(metadata: metadata)
        } catch {
            writer.abandon()
            if error is ShardFailure || error is StopUnwind || error is PipelineError { throw error }
            throw ShardFailure(description: "\(error)")
        }
        return result
    }

    private func annotateRecords(
        reader: any RecordReader,
        prior: PriorRatings?,
        writer: AnnotationFileWriter,
        result: inout ShardResult,
        progress: (any RecordReader) -> Void
    ) async throws {
        let options = annotator.options
        let rater = annotator.rater
        let counter = annotator.tokenCounter
        let source = shard.topFolder
        let domainNames = annotator.criteria.domains.map(\.name)

        try await withThrowingTaskGroup(of: (Int, [AnnotationRow]).self) { group in
            // `threads` batches rate at once; up to as many again may wait, finished, behind a slow one (an
            // HTTP retry), so the others keep rating while memory stays bounded.
            let threads = max(1, options.threads)
            var window = OrderedWindow<[AnnotationRow]>(width: threads, lookahead: 2 * threads)
            var batch: [Record] = []
            var batchPrior: [Ratings?] = []
            var batchBytes = 0

            func write(_ rows: [AnnotationRow]) throws {
                for row in rows {
                    guard let error = row.error else { continue }
                    result.entry.errors += 1
                    if error.hasPrefix(Self.ratingFailurePrefix) { result.ratingErrors += 1 }
                }
                result.entry.rows += rows.count
                result.documents += rows.count
                try writer.append(rows)
            }

            func submit() async throws {
                let records = batch
                let known = batchPrior
                batch = []
                batchPrior = []
                batchBytes = 0
                let ready = try await window.submit(to: &group) {
                    await Self.annotate(
                        records,
                        known: known,
                        source: source,
                        domainNames: domainNames,
                        rater: rater,
                        counter: counter
                    )
                }
                for rows in ready { try write(rows) }
            }

            let end = unit.lines.upperBound
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
                    result.badRecords.append((bad.reason, bad.locator.place))
                }
                batchBytes += Int(record.locator.length)
                batch.append(record)
                if case .document(let document) = record {
                    batchPrior.append(try prior?.ratings(atLine: document.locator.line))
                }
                if batch.count >= options.batchDocuments || batchBytes >= options.batchBytes {
                    try await submit()
                    progress(reader)
                }
            }
            if !batch.isEmpty { try await submit() }
            for rows in try await window.drain(&group) { try write(rows) }
        }
    }

    static let ratingFailurePrefix = "rating failed: "

    /// Token counts and ratings for one batch; bad records become error rows in place. `known`
    /// holds, per document, ratings kept from an earlier run; only the others are rated.
    static func annotate(
        _ records: [Record],
        known: [Ratings?],
        source: String,
        domainNames: [String],
        rater: any Rater,
        counter: any TokenCounter
    ) async -> [AnnotationRow] {
        let documents = records.compactMap { record -> Document? in
            if case .document(let document) = record { return document }
            return nil
        }
        let toRate = documents.indices.filter { known[$0] == nil }
        var rated: [RatingResult]
        do {
            rated =
                toRate.isEmpty
                ? []
                : try await rater.rate(toRate.map { RatingInput(docID: documents[$0].id, text: documents[$0].text) })
            if rated.count != toRate.count {
                rated = Array(
                    repeating: .failed("the rater returned \(rated.count) results for \(toRate.count) documents"),
                    count: toRate.count
                )
            }
        } catch {
            rated = Array(repeating: .failed("\(error)"), count: toRate.count)
        }
        var ratings = known.map { $0.map(RatingResult.rated) ?? .unrated }
        for (slot, result) in zip(toRate, rated) { ratings[slot] = result }
        var nextRating = ratings.makeIterator()
        return records.map { record in
            switch record {
            case .document(let document):
                var row = AnnotationRow(
                    docID: document.id,
                    idHash: idHash(document.id),
                    line: document.locator.line,
                    offset: document.locator.offset,
                    length: document.locator.length,
                    source: document.source ?? source,
                    tokens: Int32(clamping: counter.count(document.text))
                )
                switch nextRating.next()! {
                case .rated(let rating):
                    row.scores = rating.scores
                    row.domain = domainNames[rating.domain]
                case .unrated:
                    break
                case .failed(let reason):
                    row.error = ratingFailurePrefix + reason
                }
                return row
            case .bad(let bad):
                let id = bad.id ?? "\(bad.locator.shard):\(bad.locator.line)"
                return AnnotationRow(
                    docID: id,
                    idHash: idHash(id),
                    line: bad.locator.line,
                    offset: bad.locator.offset,
                    length: bad.locator.length,
                    source: source,
                    tokens: 0,
                    error: "bad record: " + bad.reason
                )
            }
        }
    }

    static func idHash(_ id: String) -> Int64 { Int64(bitPattern: xxh3_64(id)) }
}
