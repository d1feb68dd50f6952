/// Domain or source composition as horizontal bars: per name, its share of documents and its share
/// of tokens, both scaled to the largest share in the chart.
struct SVGBarList {
    var maxRows = 25
    private static let nameWidth = 170.0, barSpace = 230.0, labelWidth = 120.0, rowHeight = 26.0, top = 22.0

    func render(chart: String, _ tallies: [String: Tally]) -> String {
        let (rows, total) = tallies.composition(limit: maxRows)
        let documentTotal = total.documents
        let tokenTotal = total.tokens
        let shares = rows.map {
            (
                NumberFormat.fraction($0.value.documents, of: documentTotal) ?? 0,
                NumberFormat.fraction($0.value.tokens, of: tokenTotal) ?? 0
            )
        }
        let top = max(shares.map(\.0).max() ?? 0, shares.map(\.1).max() ?? 0)
        let scale = top > 0 ? Self.barSpace / top : 0
        let width = Self.nameWidth + 2 * (Self.barSpace + Self.labelWidth)
        let height = Self.top + Self.rowHeight * Double(max(rows.count, 1)) + 4
        var svg =
            #"<svg class="bars" data-chart="\#(HTMLEscape.text(chart))" viewBox="0 0 \#(HTMLEscape.number(width)) \#(HTMLEscape.number(height))" width="\#(HTMLEscape.number(width))" role="img" aria-label="\#(HTMLEscape.text(chart))">"#
        let documentX = Self.nameWidth
        let tokenX = Self.nameWidth + Self.barSpace + Self.labelWidth
        svg += #"<text class="axis" x="\#(HTMLEscape.number(documentX))" y="14">documents</text>"#
        svg += #"<text class="axis" x="\#(HTMLEscape.number(tokenX))" y="14">tokens</text>"#
        if rows.isEmpty {
            svg +=
                #"<text class="label" x="\#(HTMLEscape.number(documentX))" y="\#(HTMLEscape.number(Self.top + 16))">no documents</text>"#
        }
        for (index, (name, tally)) in rows.enumerated() {
            let y = Self.top + Self.rowHeight * Double(index)
            let (documentShare, tokenShare) = shares[index]
            let tip =
                "\(name): \(NumberFormat.integer(tally.documents)) documents (\(NumberFormat.percent(tally.documents, of: documentTotal))), "
                + "\(NumberFormat.integer(tally.tokens)) tokens (\(NumberFormat.percent(tally.tokens, of: tokenTotal)))"
            svg += "<g><title>\(HTMLEscape.text(tip))</title>"
            svg +=
                #"<text class="label" x="\#(HTMLEscape.number(Self.nameWidth - 8))" y="\#(HTMLEscape.number(y + 16))" text-anchor="end">\#(HTMLEscape.text(TextLayout.fit(name, 26)))</text>"#
            for (x, share, count, total, className) in [
                (documentX, documentShare, NumberFormat.integer(tally.documents), documentTotal, "documents"),
                (tokenX, tokenShare, NumberFormat.compact(tally.tokens), tokenTotal, "tokens"),
            ] {
                let length = share * scale
                svg +=
                    #"<rect class="\#(className)" x="\#(HTMLEscape.number(x))" y="\#(HTMLEscape.number(y + 4))" width="\#(HTMLEscape.number(length))" height="\#(HTMLEscape.number(Self.rowHeight - 9))"/>"#
                let percent = total > 0 ? HTMLEscape.number((share * 1000).rounded() / 10) + "%" : NumberFormat.dash
                svg +=
                    #"<text class="value" x="\#(HTMLEscape.number(x + length + 5))" y="\#(HTMLEscape.number(y + 16))">\#(percent) · \#(count)</text>"#
            }
            svg += "</g>"
        }
        return svg + "</svg>"
    }
}
