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

/// A run of consecutive records of a batch that belong to one unit.
struct UnitSpan: Sendable {
    /// The `ShardJob.sequence` of the unit.
    let unit: Int
    var count: Int
}

/// Records read and not yet submitted for rating. A batch is cut by size only, not at unit ends, so a run of
/// small shards still fills the rater's slots: its records carry which unit each belongs to.
struct PendingBatch {
    private(set) var records: [Record] = []
    /// Ratings kept from an earlier run (`--retry-errors`), one per document record.
    private(set) var known: [Ratings?] = []
    /// The source of each record's unit, for records without a source field.
    private(set) var sources: [String] = []
    private(set) var spans: [UnitSpan] = []
    private(set) var bytes = 0

    var isEmpty: Bool { records.isEmpty }

    mutating func append(_ record: Record, known prior: Ratings?, source: String, unit: Int) {
        records.append(record)
        if case .document = record { known.append(prior) }
        sources.append(source)
        if spans.last?.unit == unit {
            spans[spans.count - 1].count += 1
        } else {
            spans.append(UnitSpan(unit: unit, count: 1))
        }
        bytes += Int(record.locator.length)
    }

    /// Hands the batch over and starts an empty one.
    mutating func take() -> PendingBatch {
        defer { self = PendingBatch() }
        return self
    }
}

/// A batch rated: its rows in input order, in runs by unit.
struct RatedBatch: Sendable {
    let spans: [UnitSpan]
    let rows: [AnnotationRow]
}

/// One work unit (a shard, or a piece of one) being annotated: its output file, open from the first record read
/// until its last rated batch is written and the file committed. Batches of the next unit may be rating while this
/// one's last batches are still in flight, so the rater's slots do not idle at unit boundaries.
struct ShardJob {
    /// The unit's place in the run, so rated batches find their unit.
    let sequence: Int
    let unit: WorkUnit
    let identity: FileIdentity
    let writer: AnnotationFileWriter
    /// `--retry-errors`: the unit's earlier ratings, kept instead of rated again.
    let prior: PriorRatings?
    var result: ShardResult
    /// Records read, and their rows written (or dropped, once the unit failed): settled when they meet.
    var recordsRead = 0
    var rowsDelivered = 0
    /// Set once the reader has passed the unit's last record.
    var readEnd: ReadEnd?
    /// Set when the unit failed while batches were in flight: their rows are dropped and nothing is committed.
    var failure: ShardFailure?

    /// What the reader knew when it finished the unit; the reader moves on to the next piece afterwards.
    struct ReadEnd {
        var checksum: (size: Int64, xxh3: UInt64)
        /// For a piece: whether the shard has no records after it.
        var reachedEnd: Bool?
        var decompressedBytes: Int64
        var compressedBytes: Int64
    }

    var shard: ShardFile { unit.shard }
    /// Read to its end with every row written: ready to commit (or, failed, to be dropped).
    var isSettled: Bool { (readEnd != nil || failure != nil) && rowsDelivered == recordsRead }

    /// Opens the unit's output; `prior` is the unit's earlier file under `--retry-errors`.
    init(
        sequence: Int,
        unit: WorkUnit,
        identity: FileIdentity,
        destination: URL,
        prior: URL?,
        schema: AnnotationSchema,
        annotator: Annotator
    ) throws(ShardFailure) {
        self.sequence = sequence
        self.unit = unit
        self.identity = identity
        do {
            writer = try AnnotationFileWriter(
                destination: destination,
                schema: schema,
                rowGroupRows: annotator.options.rowGroupRows
            )
            self.prior = try prior.map {
                try PriorRatings(file: $0, domainNames: annotator.criteria.domains.map(\.name))
            }
        } catch {
            throw ShardFailure(description: "\(error)")
        }
        result = ShardResult(
            entry: .init(
                output: unit.output,
                rows: 0,
                errors: 0,
                inputSize: identity.size,
                inputXXH3: "",
                finishedAt: ""
            )
        )
    }

    /// Appends rated rows of the unit.
    mutating func write(_ rows: ArraySlice<AnnotationRow>) throws {
        rowsDelivered += rows.count
        guard failure == nil else { return }
        for row in rows {
            guard let error = row.error else { continue }
            result.entry.errors += 1
            if error.hasPrefix(Self.ratingFailurePrefix) { result.ratingErrors += 1 }
        }
        result.entry.rows += rows.count
        result.documents += rows.count
        try writer.append(rows)
    }

    /// Commits the file of a unit read to its end with every row written. A whole shard must have been read to its
    /// last byte and be unchanged on disk; a piece only unchanged.
    mutating func commit(fingerprint: RunFingerprint) throws -> ShardResult {
        guard let readEnd else { preconditionFailure("committing \(unit.id) before it was read to its end") }
        let isWhole = unit.piece == nil
        do {
            if let change = try identity.change(at: shard.url.path, bytesRead: isWhole ? readEnd.checksum.size : nil) {
                throw ShardFailure(
                    description:
                        "\(shard.url.path) \(change) while it was being read; its annotations were not written, rerun to redo it"
                )
            }
            if isWhole {
                result.entry.inputXXH3 = String(format: "%016llx", readEnd.checksum.xxh3)
            } else {
                result.entry.firstLine = unit.lines.lowerBound
                result.entry.endLine = unit.lines.upperBound
                result.entry.reachedEnd = readEnd.reachedEnd
            }
            result.entry.finishedAt = ISO8601DateFormatter().string(from: Date())
            result.decompressedBytes = readEnd.decompressedBytes
            result.compressedBytes = readEnd.compressedBytes
            let metadata = Provenance.metadata(
                fingerprint: fingerprint,
                input: .init(
                    relativePath: shard.relativePath,
                    size: identity.size,
                    xxh3: isWhole ? readEnd.checksum.xxh3 : nil,
                    lines: isWhole ? nil : unit.lines
                ),
                rows: result.entry.rows,
                errors: result.entry.errors
            )
            try writer.commit(metadata: metadata)
        } catch {
            writer.abandon()
            throw error as? ShardFailure ?? ShardFailure(description: "\(error)")
        }
        return result
    }

    func abandon() { writer.abandon() }

    static let ratingFailurePrefix = "rating failed: "

    /// Token counts and ratings for one batch; bad records become error rows in place. `known`
    /// holds, per document, ratings kept from an earlier run; only the others are rated. `sources` holds, per
    /// record, the source of a record without a source field.
    static func annotate(
        _ records: [Record],
        known: [Ratings?],
        sources: [String],
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
        return zip(records, sources).map { record, source in
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
