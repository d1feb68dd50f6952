import Annotations

/// A selected document, located in its shard; it becomes one selection row per epoch.
public struct SelectedRow: Sendable, Equatable {
    public var docID: String
    public var idHash: Int64
    /// The annotated shard's path relative to its input root.
    public var shard: String
    public var line: Int64
    public var offset: Int64
    public var length: Int32
    public var tokens: Int32
    public var source: String
    public var domain: String?
    public var stratum: String
    /// The `--by` score, nil for an unrated row of a uniform selection.
    public var score: Int?
    /// The position in the stratum's order: larger keys are taken first.
    public var key: UInt64
    public var ratings: PackedRatings
}

/// Selected rows column by column, as they go into `selection.parquet`; appending a row
/// copies shared string storage, not characters.
public struct SelectedRows: Sendable, Equatable {
    public var docID: [String] = []
    public var idHash: [Int64] = []
    public var shard: [String] = []
    public var line: [Int64] = []
    public var offset: [Int64] = []
    public var length: [Int32] = []
    public var tokens: [Int32] = []
    public var source: [String] = []
    public var domain: [String?] = []
    public var stratum: [String] = []
    public var epoch: [Int32] = []
    public var score: [Int32?] = []
    public var key: [UInt64] = []
    public var ratings: [PackedRatings] = []

    public init() {}

    public var count: Int { docID.count }

    /// Appends `row` once per epoch, numbered 0..<epochs.
    public mutating func append(_ row: SelectedRow, epochs: Int) {
        for epoch in 0..<epochs {
            docID.append(row.docID)
            idHash.append(row.idHash)
            shard.append(row.shard)
            line.append(row.line)
            offset.append(row.offset)
            length.append(row.length)
            tokens.append(row.tokens)
            source.append(row.source)
            domain.append(row.domain)
            stratum.append(row.stratum)
            self.epoch.append(Int32(epoch))
            score.append(row.score.map { Int32($0) })
            key.append(row.key)
            ratings.append(row.ratings)
        }
    }

    public mutating func append(_ other: SelectedRows) {
        docID += other.docID
        idHash += other.idHash
        shard += other.shard
        line += other.line
        offset += other.offset
        length += other.length
        tokens += other.tokens
        source += other.source
        domain += other.domain
        stratum += other.stratum
        epoch += other.epoch
        score += other.score
        key += other.key
        ratings += other.ratings
    }

    public mutating func removeAll() {
        self = SelectedRows()
    }
}

extension SelectedRows {
    /// The rows as annotation rows (a repeat is a row again), for readers of annotation batches
    /// such as the stats accumulator: locators, tokens, source, domain, the 14 ratings, no errors.
    public var annotationBatch: AnnotationBatch {
        var batch = AnnotationBatch(count: count)
        batch.docID = docID
        batch.idHash = idHash
        batch.shard = shard
        batch.line = line
        batch.offset = offset
        batch.length = length
        batch.source = source
        batch.tokens = tokens
        batch.domain = domain
        batch.error = Array(repeating: nil, count: count)
        for index in AnnotationColumns.ratings.indices {
            batch.ratings[index] = ratings.map { $0[index] }
        }
        return batch
    }
}

/// Where the second pass sends the rows it selects, in a deterministic order.
public protocol SelectionSink: AnyObject {
    func write(_ rows: SelectedRows) throws
}
