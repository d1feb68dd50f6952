/// Per criterion, how its ratings spread: for each rating 1-5 the share and a bar scaled to the
/// criterion's most common rating, then the mean and quartiles. Weighted by documents or by tokens;
/// 96 columns wide.
struct TerminalRatingTable {
    enum Weight {
        case documents, tokens
    }

    let style: TerminalStyle

    static let nameWidth = 26
    static let barWidth = 6

    func render(_ stats: GroupStats, by weight: Weight) -> [String] {
        var header = TextLayout.left("criterion", Self.nameWidth)
        for rating in 1...RatingScale.levels {
            header += TextLayout.right(String(rating), 5) + String(repeating: " ", count: Self.barWidth)
        }
        header += TextLayout.right("mean", 6) + "  Q1 Q2 Q3"
        var lines = [style.dim(header)]
        for (criterion, histogram) in stats.histograms.enumerated() {
            let counts = weight == .documents ? histogram.documents : histogram.tokens
            let total = counts.reduce(0, +)
            let top = counts.max() ?? 0
            var line = TextLayout.left(RatingScale.displayNames[criterion], Self.nameWidth)
            for (bin, count) in counts.enumerated() {
                let bar = BlockBars.horizontal(NumberFormat.fraction(count, of: top) ?? 0, width: Self.barWidth)
                line +=
                    TextLayout.right(NumberFormat.shortPercent(count, of: total), 4) + " " + style.rating(bar, bin + 1)
            }
            let mean = weight == .documents ? histogram.mean : histogram.tokenMean
            line += TextLayout.right(NumberFormat.mean(mean), 6) + " "
            for permille in [250, 500, 750] {
                let quantile =
                    weight == .documents
                    ? histogram.quantile(permille: permille) : histogram.tokenQuantile(permille: permille)
                line += TextLayout.right(quantile.map(String.init) ?? NumberFormat.dash, 3)
            }
            lines.append(line)
        }
        return lines
    }
}
