/// Domains or sources by documents and tokens: counts, shares and bars scaled to the largest.
/// 91 columns wide; beyond `maxRows` names the rest are summed in one line.
struct TerminalCompositionTable {
    let style: TerminalStyle
    var maxRows = 20

    static let nameWidth = 22
    static let barWidth = 16

    func render(title: String, _ tallies: [String: Tally]) -> [String] {
        let (rows, total) = tallies.composition(limit: maxRows)
        let totalDocuments = total.documents
        let totalTokens = total.tokens
        let topDocuments = rows.map(\.value.documents).max() ?? 0
        let topTokens = rows.map(\.value.tokens).max() ?? 0
        var lines = [
            style.dim(
                TextLayout.left(title, Self.nameWidth) + TextLayout.right("documents", 10)
                    + TextLayout.right("share", 7) + String(repeating: " ", count: Self.barWidth + 1)
                    + TextLayout.right("tokens", 9) + TextLayout.right("share", 7)
            )
        ]
        for (name, tally) in rows {
            lines.append(
                TextLayout.left(name, Self.nameWidth)
                    + TextLayout.right(NumberFormat.integer(tally.documents), 10)
                    + TextLayout.right(NumberFormat.percent(tally.documents, of: totalDocuments), 7) + " "
                    + BlockBars.horizontal(
                        NumberFormat.fraction(tally.documents, of: topDocuments) ?? 0,
                        width: Self.barWidth
                    )
                    + TextLayout.right(NumberFormat.compact(tally.tokens), 9)
                    + TextLayout.right(NumberFormat.percent(tally.tokens, of: totalTokens), 7) + " "
                    + BlockBars.horizontal(
                        NumberFormat.fraction(tally.tokens, of: topTokens) ?? 0,
                        width: Self.barWidth
                    )
            )
        }
        if rows.isEmpty { lines.append(style.dim("(no documents)")) }
        return lines
    }
}
