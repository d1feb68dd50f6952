import Annotations

/// One worker's running aggregates. `add` folds in one row group; the per-row work is a few array
/// increments per rating and per pair of ratings, on bin codes laid out column by column.
/// Public so another pass over annotation rows (e.g. `sample`'s selection) can describe the rows
/// it keeps with the same statistics: one accumulator per task, `finish()` each, merge the results.
public final class StatsAccumulator {
    public let grouping: StatsGrouping?
    private var domainNames = Interner()
    private var sourceNames = Interner()
    /// By group code: the domain or source code under `--by`, else only group 0.
    private var groups: [GroupAccumulator] = []

    public init(grouping: StatsGrouping?) {
        self.grouping = grouping
    }

    /// Folds in the rows of `batch` listed in `rows` (all rows when nil). The batch must hold the
    /// columns `StatsAccumulator.columns`. `place` names the file and row group in error messages.
    public func add(_ batch: AnnotationBatch, rows selected: [Int]?, place: String) throws {
        let rows = selected ?? Array(0..<batch.count)
        let n = rows.count
        guard n > 0 else { return }
        var domainCodes = [Int32](repeating: 0, count: n)
        var sourceCodes = [Int32](repeating: 0, count: n)
        for (k, row) in rows.enumerated() {
            domainCodes[k] = Int32(domainNames.code(batch.domain[row] ?? GroupStats.noDomain))
            sourceCodes[k] = Int32(sourceNames.code(batch.source[row]))
        }
        let groupCodes: [Int32]? =
            switch grouping {
            case nil: nil
            case .domain: domainCodes
            case .source: sourceCodes
            }
        let (order, runs) = Self.partition(groupCodes, count: n)
        while groups.count < (groupCodes.map { Int($0.max()!) + 1 } ?? 1) { groups.append(GroupAccumulator()) }

        // Bin codes, criterion-major, in group order.
        let criteria = RatingScale.criterionCount
        var codes = [UInt8](repeating: GroupAccumulator.missingBin, count: criteria * n)
        for criterion in 0..<criteria {
            guard let column = batch.ratings[criterion] else { continue }
            let base = criterion * n
            for (position, k) in order.enumerated() {
                guard let rating = column[rows[k]] else { continue }
                guard rating >= 1, Int(rating) <= RatingScale.levels else {
                    throw StatsError.ratingOutOfRange(
                        place: place,
                        row: rows[k],
                        criterion: RatingScale.criteria[criterion],
                        rating: Int(rating)
                    )
                }
                codes[base + position] = UInt8(rating - 1)
            }
        }
        var tokens = [Int64](repeating: 0, count: n)
        var domains = [Int32](repeating: 0, count: n)
        var sources = [Int32](repeating: 0, count: n)
        var errors: [(position: Int, message: String)] = []
        for (position, k) in order.enumerated() {
            let row = rows[k]
            tokens[position] = Int64(batch.tokens[row])
            domains[position] = domainCodes[k]
            sources[position] = sourceCodes[k]
            if let message = batch.error[row] { errors.append((position, message)) }
        }
        var errorIndex = 0
        for run in runs {
            let group = groups[run.group]
            group.reserve(domains: domainNames.names.count, sources: sourceNames.names.count)
            Self.count(run.range, n: n, codes: codes, tokens: tokens, domains: domains, sources: sources, into: group)
            while errorIndex < errors.count, run.range.contains(errors[errorIndex].position) {
                group.errorRows += 1
                group.errors.add(message: errors[errorIndex].message)
                errorIndex += 1
            }
        }
    }

    /// The annotation columns `add` reads.
    public static let columns: Set<String> = Set(
        RatingScale.criteria + [
            AnnotationColumns.tokens, AnnotationColumns.source, AnnotationColumns.domain, AnnotationColumns.error,
        ]
    )

    public func finish() -> CorpusStats {
        var result = CorpusStats(grouping: grouping)
        let groupNames: [String] =
            switch grouping {
            case nil: [""]
            case .domain: domainNames.names
            case .source: sourceNames.names
            }
        for (code, group) in groups.enumerated() where group.rows > 0 {
            let stats = group.stats(domainNames: domainNames.names, sourceNames: sourceNames.names)
            result.overall.merge(stats)
            if grouping != nil { result.groups[groupNames[code]] = stats }
        }
        return result
    }

    /// Row positions ordered by group (a counting sort, stable), and each group's run of positions.
    private static func partition(
        _ groupCodes: [Int32]?,
        count n: Int
    ) -> (order: [Int], runs: [(group: Int, range: Range<Int>)]) {
        guard let groupCodes else { return (Array(0..<n), [(0, 0..<n)]) }
        let groupCount = Int(groupCodes.max()!) + 1
        var starts = [Int](repeating: 0, count: groupCount + 1)
        for code in groupCodes { starts[Int(code) + 1] += 1 }
        for g in 0..<groupCount { starts[g + 1] += starts[g] }
        var next = starts
        var order = [Int](repeating: 0, count: n)
        for (k, code) in groupCodes.enumerated() {
            order[next[Int(code)]] = k
            next[Int(code)] += 1
        }
        let runs = (0..<groupCount).filter { starts[$0] < starts[$0 + 1] }.map { ($0, starts[$0]..<starts[$0 + 1]) }
        return (order, runs)
    }

    /// The hot loop: histograms, pair tables, per-domain counts and composition for one group's run.
    private static func count(
        _ range: Range<Int>,
        n: Int,
        codes: [UInt8],
        tokens: [Int64],
        domains: [Int32],
        sources: [Int32],
        into group: GroupAccumulator
    ) {
        let criteria = RatingScale.criterionCount
        let bins = GroupAccumulator.bins
        group.rows += Int64(range.count)
        codes.withUnsafeBufferPointer { codes in
            tokens.withUnsafeBufferPointer { tokens in
                group.histogramDocuments.withUnsafeMutableBufferPointer { documents in
                    group.histogramTokens.withUnsafeMutableBufferPointer { tokenBins in
                        for criterion in 0..<criteria {
                            let column = codes.baseAddress! + criterion * n
                            let base = criterion * bins
                            for position in range {
                                let bin = base &+ Int(column[position])
                                documents[bin] &+= 1
                                tokenBins[bin] &+= tokens[position]
                            }
                        }
                    }
                }
                group.pairs.withUnsafeMutableBufferPointer { pairs in
                    var pair = 0
                    for i in 0..<criteria {
                        let first = codes.baseAddress! + i * n
                        for j in (i + 1)..<criteria {
                            let second = codes.baseAddress! + j * n
                            let table = pairs.baseAddress! + pair * GroupAccumulator.pairCells
                            for position in range {
                                table[Int(first[position]) &* bins &+ Int(second[position])] &+= 1
                            }
                            pair += 1
                        }
                    }
                }
                group.domainRatings.withUnsafeMutableBufferPointer { domainRatings in
                    let stride = criteria * bins
                    for position in range {
                        let base = Int(domains[position]) &* stride
                        var rated = false
                        for criterion in 0..<criteria {
                            let code = codes[criterion &* n &+ position]
                            domainRatings[base &+ criterion &* bins &+ Int(code)] &+= 1
                            rated = rated || code != GroupAccumulator.missingBin
                        }
                        if rated { group.ratedRows += 1 }
                        group.domainTallies[Int(domains[position])].add(Tally(documents: 1, tokens: tokens[position]))
                        group.sourceTallies[Int(sources[position])].add(Tally(documents: 1, tokens: tokens[position]))
                        group.tokens &+= tokens[position]
                    }
                }
            }
        }
    }
}
