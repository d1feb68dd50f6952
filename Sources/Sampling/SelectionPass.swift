import Annotations
import ParallelWork

/// What the second pass found in one stratum.
struct StratumOutcome: Sendable, Codable, Equatable {
    /// Tokens of the rows above the cut, which the partial epoch takes before any boundary row.
    var tokensAbove: Int64 = 0
    var documents: Int64 = 0
    var rows: Int64 = 0
    var tokens: Int64 = 0
    var scoredRows: Int64 = 0
    var scoreSum: Int64 = 0

    mutating func count(_ row: SelectedRow, epochs: Int) {
        guard epochs > 0 else { return }
        documents += 1
        rows += Int64(epochs)
        tokens += Int64(row.tokens) * Int64(epochs)
        if let score = row.score {
            scoredRows += Int64(epochs)
            scoreSum += Int64(score) * Int64(epochs)
        }
    }

    mutating func merge(_ other: StratumOutcome) {
        tokensAbove += other.tokensAbove
        documents += other.documents
        rows += other.rows
        tokens += other.tokens
        scoredRows += other.scoredRows
        scoreSum += other.scoreSum
    }
}

/// A row between a stratum's cut bounds: taken in the partial epoch or not, decided once all are known.
struct BoundaryRow: Sendable {
    var row: SelectedRow
    var bits: UInt64
}

/// The second pass: reads every row group again, takes the rows above each stratum's cut, keeps
/// the few between the bounds, and finally orders those exactly. Rows reach the sink in the
/// canonical file order, the boundary rows last (by stratum, then key order).
enum SelectionPass {
    struct UnitResult: Sendable {
        var rows = SelectedRows()
        var boundary: [StratumKey: [BoundaryRow]] = [:]
        var outcomes: [StratumKey: StratumOutcome] = [:]
        var counts = PoolCounts()
    }

    /// What the pass found: per-stratum outcomes of the rows already decided, the undecided
    /// boundary rows, and the row counts (to check the files did not change since the first pass).
    struct Result: Sendable {
        var outcomes: [StratumKey: StratumOutcome] = [:]
        var boundary: [StratumKey: [BoundaryRow]] = [:]
        var counts = PoolCounts()
    }

    /// Sends the rows above the cuts (and whole epochs) to `sink` in canonical order and returns the rest.
    static func run(
        _ files: [AnnotationFile],
        _ configuration: SampleConfiguration,
        _ plan: SelectionPlan,
        sink: SelectionSink
    ) async throws -> Result {
        let units = AnnotationRowGroup.all(files)
        var total = Result()
        try await orderedMap(count: units.count, width: configuration.threads) { item in
            try select(files[units[item].fileIndex], rowGroup: units[item].rowGroup, configuration, plan)
        } consume: { _, result in
            try sink.write(result.rows)
            for (key, outcome) in result.outcomes { total.outcomes[key, default: StratumOutcome()].merge(outcome) }
            for (key, rows) in result.boundary { total.boundary[key, default: []] += rows }
            total.counts.merge(result.counts)
        }
        return total
    }

    /// Decides the boundary rows of every stratum of `strata`, in stratum order: in key order, each
    /// is taken in the partial epoch while the tokens taken so far (from `tokensAbove` on) are under
    /// the partial budget, so the document that crosses it is taken. Under `.exact` the budget is
    /// lowered by the surplus, the tokens the partial epochs of the strata before took beyond their
    /// budgets: the surplus stays at least 0 and below the last crossing document's tokens, so the
    /// whole selection exceeds the sum of the targets by less than one selected document. (Rows
    /// above the cut hold fewer tokens than the partial budget, so a stratum whose lowered budget
    /// they already pass only shrinks the surplus.) Returns the rows to write (every epoch of each),
    /// by stratum then key order, and counts them in `outcomes`.
    static func resolve(
        _ boundary: [StratumKey: [BoundaryRow]],
        outcomes: inout [StratumKey: StratumOutcome],
        strata: some Collection<StratumKey>,
        rounding: BudgetRounding,
        epochs: (StratumKey) -> (full: Int, partialBudget: Int64)
    ) -> SelectedRows {
        var rows = SelectedRows()
        var surplus: Int64 = 0
        for key in strata.sorted() {
            let (full, partialBudget) = epochs(key)
            guard partialBudget > 0 else { continue }
            let budget = rounding == .exact ? partialBudget - surplus : partialBudget
            var taken = outcomes[key]?.tokensAbove ?? 0
            for candidate in (boundary[key] ?? []).sorted(by: precedes) {
                var count = full
                if taken < budget {
                    taken += Int64(candidate.row.tokens)
                    count += 1
                }
                outcomes[key, default: StratumOutcome()].count(candidate.row, epochs: count)
                rows.append(candidate.row, epochs: count)
            }
            surplus += taken - partialBudget
        }
        return rows
    }

    /// The exact order inside a stratum: key, then the full random bits, then location (for
    /// documents that share an id and so their bits).
    static func precedes(_ a: BoundaryRow, _ b: BoundaryRow) -> Bool {
        if a.row.key != b.row.key { return a.row.key > b.row.key }
        if a.bits != b.bits { return a.bits > b.bits }
        if a.row.shard != b.row.shard { return a.row.shard.utf8.lexicographicallyPrecedes(b.row.shard.utf8) }
        return a.row.line < b.row.line
    }

    /// Read only for row groups with a selected row; the ratings go into the selection so it
    /// can be described like annotations (`dataman stats selection.parquet`).
    private static let locatorColumns: Set<String> = Set(
        [
            AnnotationColumns.docID, AnnotationColumns.line, AnnotationColumns.offset, AnnotationColumns.length,
        ] + AnnotationColumns.ratings
    )

    private enum Decision {
        case skip
        case take(epochs: Int)
        case boundary
    }

    private static func select(
        _ file: AnnotationFile,
        rowGroup: Int,
        _ configuration: SampleConfiguration,
        _ plan: SelectionPlan
    ) throws -> UnitResult {
        let reader = try AnnotationReader(file)
        let batch = try reader.batch(rowGroup: rowGroup, columns: configuration.poolColumns)
        var classifier = RowClassifier(configuration: configuration)
        var result = UnitResult()
        var pool: [(row: Int, stratum: Int, score: Int?, bits: UInt64)] = []
        try classifier.forEachPoolRow(batch, file: file, rowGroup: rowGroup, counts: &result.counts) {
            row,
            stratum,
            score,
            bits in
            pool.append((row, stratum, score, bits))
        }
        let plans = try classifier.strata.map { key in
            guard let found = plan.strata[key] else {
                throw SamplingError.annotationsChanged(
                    "\(file.url.path): stratum \(key) appeared after the first pass; the annotation files changed, run again"
                )
            }
            return found
        }
        var outcomes = [StratumOutcome](repeating: StratumOutcome(), count: plans.count)
        let order = plan.order
        var decisions: [Decided] = []
        for (row, stratum, score, bits) in pool {
            let stratumPlan = plans[stratum]
            let key = order.key(scoreClass: order.scoreClass(score ?? 0), bits: bits)
            let decision: Decision
            if let cut = stratumPlan.cut {
                if key > cut.high {
                    outcomes[stratum].tokensAbove += Int64(batch.tokens[row])
                    decision = .take(epochs: stratumPlan.fullEpochs + 1)
                } else if key >= cut.low {
                    decision = .boundary
                } else {
                    decision = stratumPlan.fullEpochs > 0 ? .take(epochs: stratumPlan.fullEpochs) : .skip
                }
            } else {
                decision = stratumPlan.fullEpochs > 0 ? .take(epochs: stratumPlan.fullEpochs) : .skip
            }
            if case .skip = decision { continue }
            decisions.append((row, stratum, score, bits, key, decision))
        }
        if !decisions.isEmpty {
            try locate(&result, &outcomes, decisions, batch, reader, file, rowGroup, plans)
        }
        for (index, outcome) in outcomes.enumerated() where outcome.rows > 0 || outcome.tokensAbove > 0 {
            result.outcomes[plans[index].key] = outcome
        }
        return result
    }

    private typealias Decided = (row: Int, stratum: Int, score: Int?, bits: UInt64, key: UInt64, decision: Decision)

    /// Reads the locator columns (only for row groups with a selected row) and builds the rows.
    private static func locate(
        _ result: inout UnitResult,
        _ outcomes: inout [StratumOutcome],
        _ decisions: [Decided],
        _ batch: AnnotationBatch,
        _ reader: AnnotationReader,
        _ file: AnnotationFile,
        _ rowGroup: Int,
        _ plans: [StratumPlan]
    ) throws {
        var batch = batch
        let locators = try reader.batch(rowGroup: rowGroup, columns: locatorColumns)
        batch.docID = locators.docID
        batch.line = locators.line
        batch.offset = locators.offset
        batch.length = locators.length
        batch.ratings = locators.ratings
        // The label of each stratum is made once; rows share its storage.
        let labels = plans.map(\.key.description)
        for decided in decisions {
            let stratumPlan = plans[decided.stratum]
            let row = SelectedRow(
                docID: batch.docID[decided.row],
                idHash: batch.idHash[decided.row],
                shard: file.inputPath,
                line: batch.line[decided.row],
                offset: batch.offset[decided.row],
                length: batch.length[decided.row],
                tokens: batch.tokens[decided.row],
                source: batch.source[decided.row],
                domain: batch.domain[decided.row],
                stratum: labels[decided.stratum],
                score: decided.score,
                key: decided.key,
                ratings: PackedRatings(batch, row: decided.row)
            )
            switch decided.decision {
            case .skip:
                break
            case .take(let epochs):
                outcomes[decided.stratum].count(row, epochs: epochs)
                result.rows.append(row, epochs: epochs)
            case .boundary:
                result.boundary[stratumPlan.key, default: []].append(BoundaryRow(row: row, bits: decided.bits))
            }
        }
    }
}
