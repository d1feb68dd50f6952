/// The 14 × 14 correlations in one table: Pearson's r below the diagonal, Spearman's ρ above it,
/// in hundredths. 82 columns wide.
struct TerminalCorrelationTable {
    let style: TerminalStyle

    static let nameWidth = 27

    func render(_ stats: GroupStats) -> [String] {
        let pearson = stats.pearson
        let spearman = stats.spearman
        var header = TextLayout.left("", Self.nameWidth)
        for short in RatingScale.shortNames { header += TextLayout.right(short, 4) }
        var lines = [style.dim(header)]
        for i in 0..<RatingScale.criterionCount {
            var line = TextLayout.left(RatingScale.displayNames[i], Self.nameWidth)
            for j in 0..<RatingScale.criterionCount {
                if i == j {
                    line += style.dim(TextLayout.right("·", 4))
                } else {
                    let value = i > j ? pearson[i][j] : spearman[i][j]
                    line += style.correlation(TextLayout.right(NumberFormat.hundredths(value), 4), value)
                }
            }
            lines.append(line)
        }
        return lines
    }
}
