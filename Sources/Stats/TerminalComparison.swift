import Foundation

/// The pool a selection was drawn from beside the selection itself (`dataman sample --stats`):
/// domain composition by documents and tokens, and the mean of every rating, so the shift the
/// selection rule made is visible at a glance. Lines fit in 100 columns.
public struct TerminalComparison: Sendable {
    public let style: TerminalStyle
    var maxDomains = 20

    public init(style: TerminalStyle) {
        self.style = style
    }

    static let nameWidth = 27

    public func render(pool: GroupStats, mixture: GroupStats) -> String {
        var lines =
            [style.bold("Pool vs mixture")]
            + TextLayout.wrap(
                "pool \(NumberFormat.integer(pool.rows)) documents, \(NumberFormat.compact(pool.tokens)) tokens; "
                    + "mixture \(NumberFormat.integer(mixture.rows)) documents (repeats counted), "
                    + "\(NumberFormat.compact(mixture.tokens)) tokens",
                TerminalReport.width
            )
        lines += ["", style.bold("Domains: share of documents and tokens")] + domains(pool, mixture)
        lines += ["", style.bold("Mean rating by documents")] + means(pool, mixture)
        return lines.joined(separator: "\n") + "\n"
    }

    private func domains(_ pool: GroupStats, _ mixture: GroupStats) -> [String] {
        // Pool order, so the mixture's gains and losses read against the pool's ranking.
        var names = pool.domains.sortedByDocuments().map(\.key)
        names += mixture.domains.sortedByDocuments().map(\.key).filter { pool.domains[$0] == nil }
        var lines = [
            style.dim(
                TextLayout.left("domain", Self.nameWidth) + TextLayout.right("pool docs", 11)
                    + TextLayout.right("share", 7) + TextLayout.right("tokens", 7) + TextLayout.right("mix docs", 11)
                    + TextLayout.right("share", 7) + TextLayout.right("tokens", 7) + TextLayout.right("Δ tokens", 10)
            )
        ]
        for name in names.prefix(maxDomains) {
            let inPool = pool.domains[name] ?? Tally()
            let inMixture = mixture.domains[name] ?? Tally()
            let poolShare = NumberFormat.fraction(inPool.tokens, of: pool.tokens)
            let mixtureShare = NumberFormat.fraction(inMixture.tokens, of: mixture.tokens)
            let delta = poolShare.flatMap { p in
                mixtureShare.map { m in Self.signed((m - p) * 1000, decimals: 1) + " pt" }
            }
            lines.append(
                TextLayout.left(name, Self.nameWidth)
                    + TextLayout.right(NumberFormat.integer(inPool.documents), 11)
                    + TextLayout.right(NumberFormat.percent(inPool.documents, of: pool.rows), 7)
                    + TextLayout.right(NumberFormat.percent(inPool.tokens, of: pool.tokens), 7)
                    + TextLayout.right(NumberFormat.integer(inMixture.documents), 11)
                    + TextLayout.right(NumberFormat.percent(inMixture.documents, of: mixture.rows), 7)
                    + TextLayout.right(NumberFormat.percent(inMixture.tokens, of: mixture.tokens), 7)
                    + TextLayout.right(delta ?? NumberFormat.dash, 10)
            )
        }
        if names.count > maxDomains { lines.append(style.dim("(\(names.count - maxDomains) more domains)")) }
        if names.isEmpty { lines.append(style.dim("(no documents)")) }
        return lines
    }

    /// `scaled` (the value times 10^decimals) rounded, with its sign: "+0.12", "-4.6", and "0.00"
    /// rather than "-0.00" for a change that rounds away.
    static func signed(_ scaled: Double, decimals: Int) -> String {
        let rounded = Int64(scaled.rounded())
        let digits = String(format: "%0\(decimals + 1)lld", abs(rounded))
        let text = String(digits.dropLast(decimals)) + "." + String(digits.suffix(decimals))
        return rounded > 0 ? "+" + text : rounded < 0 ? "-" + text : text
    }

    private func means(_ pool: GroupStats, _ mixture: GroupStats) -> [String] {
        var lines = [
            style.dim(
                TextLayout.left("criterion", Self.nameWidth) + TextLayout.right("pool", 7)
                    + TextLayout.right("mixture", 9) + TextLayout.right("Δ", 7)
            )
        ]
        for criterion in 0..<RatingScale.criterionCount {
            let before = pool.histograms[criterion].mean
            let after = mixture.histograms[criterion].mean
            let delta =
                before.flatMap { b in after.map { a in Self.signed((a - b) * 100, decimals: 2) } } ?? NumberFormat.dash
            let cell = TextLayout.right(NumberFormat.mean(after), 9)
            lines.append(
                TextLayout.left(RatingScale.displayNames[criterion], Self.nameWidth)
                    + TextLayout.right(NumberFormat.mean(before), 7)
                    + (after.map { style.rating(cell, Int($0.rounded())) } ?? style.dim(cell))
                    + TextLayout.right(delta, 7)
            )
        }
        return lines
    }
}
