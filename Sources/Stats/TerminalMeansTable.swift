/// Mean rating of every criterion per domain: the terminal's criterion × domain heat map, one
/// row per domain. 96 columns wide.
struct TerminalMeansTable {
    let style: TerminalStyle

    static let nameWidth = 18

    func render(_ stats: GroupStats) -> [String] {
        var header = TextLayout.left("domain", Self.nameWidth) + TextLayout.right("documents", 10)
        for short in RatingScale.shortNames { header += TextLayout.right(short, 5) }
        var lines = [style.dim(header)]
        let domains = stats.domains.sortedByDocuments().filter { stats.domainRatings[$0.key] != nil }
        for (domain, tally) in domains {
            guard let counts = stats.domainRatings[domain] else { continue }
            var line =
                TextLayout.left(domain, Self.nameWidth) + TextLayout.right(NumberFormat.integer(tally.documents), 10)
            for criterion in 0..<RatingScale.criterionCount {
                let mean = counts.mean(criterion: criterion)
                let cell = TextLayout.right(NumberFormat.mean(mean), 5)
                line += mean.map { style.rating(cell, Int($0.rounded())) } ?? style.dim(cell)
            }
            lines.append(line)
        }
        if domains.isEmpty { lines.append(style.dim("(no rated documents)")) }
        return lines
    }
}
