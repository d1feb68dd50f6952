import Annotations

/// Decides which rows of a batch are in the pool and where: the row logic both passes share, so
/// the second pass sees exactly the pool the first one counted.
struct RowClassifier {
    let configuration: SampleConfiguration
    /// Strata met so far in this reader's rows, by index.
    private(set) var strata: [StratumKey] = []
    private var index: [StratumKey: Int] = [:]
    private var lastSource: String?
    private var lastDomain: String??
    private var lastStratum = 0

    init(configuration: SampleConfiguration) {
        self.configuration = configuration
    }

    /// Calls `body(row, stratum, score, bits)` for every pool row of `batch`, in row order, and
    /// counts the rows left out.
    mutating func forEachPoolRow(
        _ batch: AnnotationBatch,
        file: AnnotationFile,
        rowGroup: Int,
        counts: inout PoolCounts,
        _ body: (_ row: Int, _ stratum: Int, _ score: Int?, _ bits: UInt64) throws -> Void
    ) throws {
        let passes = configuration.filter?.mask(batch)
        let scores = configuration.score.values(batch)
        let needsScore = configuration.method.usesScore
        let seed = configuration.seed
        counts.rows += Int64(batch.count)
        for row in 0..<batch.count {
            if batch.error[row] != nil {
                counts.errorRows += 1
                continue
            }
            if let passes, !passes[row] {
                counts.filteredRows += 1
                continue
            }
            let score = scores[row]
            if let score, !(0...SelectionOrder.maxScore).contains(score) {
                throw AnnotationError.invalidValue(
                    file: file.url.path,
                    place: "row group \(rowGroup), row \(row)",
                    detail: """
                        \(configuration.score) is \(score), outside 0...\(SelectionOrder.maxScore); \
                        ratings are 1-5
                        """
                )
            }
            if needsScore, score == nil {
                counts.unratedRows += 1
                continue
            }
            if batch.tokens[row] < 0 {
                throw AnnotationError.invalidValue(
                    file: file.url.path,
                    place: "row group \(rowGroup), row \(row)",
                    detail: "tokens is \(batch.tokens[row]), negative"
                )
            }
            let stratum = stratumIndex(source: batch.source[row], domain: batch.domain[row])
            try body(row, stratum, score, SeededBits.of(idHash: batch.idHash[row], seed: seed))
        }
    }

    /// Consecutive rows usually share their source and often their domain, so the last answer is kept.
    private mutating func stratumIndex(source: String, domain: String?) -> Int {
        if source == lastSource, let lastDomain, lastDomain == domain { return lastStratum }
        let key = StratumKey(source: source, domain: domain, stratification: configuration.stratification)
        let found: Int
        if let existing = index[key] {
            found = existing
        } else {
            found = strata.count
            strata.append(key)
            index[key] = found
        }
        lastSource = source
        lastDomain = .some(domain)
        lastStratum = found
        return found
    }
}
