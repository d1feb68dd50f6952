import Annotations
import Foundation
import Parquet

/// The statistics computed the obvious way, row by row with every row in memory: the yardstick
/// the streaming aggregates are checked against.
struct ReferenceStats {
    struct Row {
        var tokens: Int64
        var ratings: [Int?]
        var domain: String?
        var source: String
        var error: String?
    }

    var rows: [Row] = []

    init(files: [URL], where keep: (Row) -> Bool = { _ in true }) throws {
        for url in files {
            let reader = try ParquetReader(url: url)
            let tokens = try reader.read(column: "tokens").int32s
            let sources = try reader.read(column: "source").strings
            let domains = try reader.read(column: "domain").strings
            let errors = try reader.read(column: "error").strings
            let ratings = try AnnotationColumns.ratings.map { try reader.read(column: $0).int8s }
            for index in tokens.indices {
                let row = Row(
                    tokens: Int64(tokens[index]!),
                    ratings: ratings.map { $0[index].map(Int.init) },
                    domain: domains[index],
                    source: sources[index]!,
                    error: errors[index]
                )
                if keep(row) { rows.append(row) }
            }
        }
    }

    var tokens: Int64 { rows.reduce(0) { $0 + $1.tokens } }
    var rated: Int { rows.filter { $0.ratings.contains { $0 != nil } }.count }
    var errors: Int { rows.filter { $0.error != nil }.count }

    func values(_ criterion: Int) -> [Int] { rows.compactMap { $0.ratings[criterion] } }

    func documents(_ criterion: Int, rating: Int) -> Int64 { Int64(values(criterion).filter { $0 == rating }.count) }

    func tokens(_ criterion: Int, rating: Int) -> Int64 {
        rows.filter { $0.ratings[criterion] == rating }.reduce(0) { $0 + $1.tokens }
    }

    func mean(_ criterion: Int) -> Double? {
        let values = values(criterion)
        return values.isEmpty ? nil : Double(values.reduce(0, +)) / Double(values.count)
    }

    /// The element at 1-based position ceil(q·n) of the sorted values (the inverse empirical CDF).
    func quantile(_ criterion: Int, _ q: Double) -> Int? {
        let sorted = values(criterion).sorted()
        guard !sorted.isEmpty else { return nil }
        let position = max(1, Int((q * Double(sorted.count)).rounded(.up)))
        return sorted[position - 1]
    }

    /// Pairwise-complete (x, y) values of two criteria.
    func pairs(_ i: Int, _ j: Int) -> [(Double, Double)] {
        rows.compactMap { row in
            guard let x = row.ratings[i], let y = row.ratings[j] else { return nil }
            return (Double(x), Double(y))
        }
    }

    func pearson(_ i: Int, _ j: Int) -> Double? { Self.pearson(pairs(i, j)) }

    /// Ranks each variable with ties given the mean of the ranks they span, then Pearson.
    func spearman(_ i: Int, _ j: Int) -> Double? {
        let pairs = pairs(i, j)
        let x = Self.averageRanks(pairs.map(\.0))
        let y = Self.averageRanks(pairs.map(\.1))
        return Self.pearson(Array(zip(x, y)))
    }

    static func pearson(_ pairs: [(Double, Double)]) -> Double? {
        guard pairs.count >= 2 else { return nil }
        let n = Double(pairs.count)
        let meanX = pairs.reduce(0) { $0 + $1.0 } / n
        let meanY = pairs.reduce(0) { $0 + $1.1 } / n
        var sxx = 0.0
        var syy = 0.0
        var sxy = 0.0
        for (x, y) in pairs {
            sxx += (x - meanX) * (x - meanX)
            syy += (y - meanY) * (y - meanY)
            sxy += (x - meanX) * (y - meanY)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end + 2) / 2
            for k in start...end { ranks[order[k]] = rank }
            start = end + 1
        }
        return ranks
    }

    func domainTallies() -> [String: (Int64, Int64)] {
        var out: [String: (Int64, Int64)] = [:]
        for row in rows {
            let key = row.domain ?? "(no domain)"
            out[key] = ((out[key]?.0 ?? 0) + 1, (out[key]?.1 ?? 0) + row.tokens)
        }
        return out
    }

    func sourceTallies() -> [String: (Int64, Int64)] {
        var out: [String: (Int64, Int64)] = [:]
        for row in rows { out[row.source] = ((out[row.source]?.0 ?? 0) + 1, (out[row.source]?.1 ?? 0) + row.tokens) }
        return out
    }

    func domainMean(_ domain: String, _ criterion: Int) -> Double? {
        let values = rows.filter { $0.domain == domain }.compactMap { $0.ratings[criterion] }
        return values.isEmpty ? nil : Double(values.reduce(0, +)) / Double(values.count)
    }
}
