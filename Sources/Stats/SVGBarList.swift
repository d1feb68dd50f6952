/// Horizontal bars, one group of bars per row: domain or source composition (each name's share of
/// documents and of tokens), or `compare`'s exact and within-one accuracy per criterion.
struct SVGBarList {
    /// One kind of bar: the heading over its column and the CSS class that colours it.
    struct Series {
        var title: String
        var className: String
    }

    /// One row: its name, the hover text, and per series the bar's length as a share of the chart's
    /// top (`length`) and the text written after it.
    struct Row {
        var name: String
        var tip: String
        var bars: [(length: Double, label: String)]
    }

    var maxRows = 25
    private static let nameWidth = 170.0, barSpace = 230.0, labelWidth = 120.0, rowHeight = 26.0, top = 22.0

    /// Composition: both shares scaled to the largest share in the chart.
    func render(chart: String, _ tallies: [String: Tally]) -> String {
        let (rows, total) = tallies.composition(limit: maxRows)
        let documentTotal = total.documents
        let tokenTotal = total.tokens
        let bars = rows.map { name, tally in
            let documentShare = NumberFormat.fraction(tally.documents, of: documentTotal) ?? 0
            let tokenShare = NumberFormat.fraction(tally.tokens, of: tokenTotal) ?? 0
            let tip =
                "\(name): \(NumberFormat.integer(tally.documents)) documents (\(NumberFormat.percent(tally.documents, of: documentTotal))), "
                + "\(NumberFormat.integer(tally.tokens)) tokens (\(NumberFormat.percent(tally.tokens, of: tokenTotal)))"
            func label(_ share: Double, _ count: String, _ total: Int64) -> String {
                (total > 0 ? HTMLEscape.number((share * 1000).rounded() / 10) + "%" : NumberFormat.dash) + " · " + count
            }
            return Row(
                name: name,
                tip: tip,
                bars: [
                    (documentShare, label(documentShare, NumberFormat.integer(tally.documents), documentTotal)),
                    (tokenShare, label(tokenShare, NumberFormat.compact(tally.tokens), tokenTotal)),
                ]
            )
        }
        return render(
            chart: chart,
            series: [Series(title: "documents", className: "documents"), Series(title: "tokens", className: "tokens")],
            rows: bars,
            top: bars.flatMap { $0.bars.map(\.length) }.max() ?? 0,
            empty: "no documents"
        )
    }

    /// Bars of length `length / top` of the bar space (none when `top` is 0); `empty` is written
    /// when there are no rows.
    func render(chart: String, series: [Series], rows: [Row], top: Double, empty: String) -> String {
        let scale = top > 0 ? Self.barSpace / top : 0
        let width = Self.nameWidth + Double(series.count) * (Self.barSpace + Self.labelWidth)
        let height = Self.top + Self.rowHeight * Double(max(rows.count, 1)) + 4
        let columns = series.indices.map { Self.nameWidth + Double($0) * (Self.barSpace + Self.labelWidth) }
        var svg =
            #"<svg class="bars" data-chart="\#(HTMLEscape.text(chart))" viewBox="0 0 \#(HTMLEscape.number(width)) \#(HTMLEscape.number(height))" width="\#(HTMLEscape.number(width))" role="img" aria-label="\#(HTMLEscape.text(chart))">"#
        for (x, kind) in zip(columns, series) {
            svg += #"<text class="axis" x="\#(HTMLEscape.number(x))" y="14">\#(HTMLEscape.text(kind.title))</text>"#
        }
        if rows.isEmpty {
            svg +=
                #"<text class="label" x="\#(HTMLEscape.number(Self.nameWidth))" y="\#(HTMLEscape.number(Self.top + 16))">\#(HTMLEscape.text(empty))</text>"#
        }
        for (index, row) in rows.enumerated() {
            let y = Self.top + Self.rowHeight * Double(index)
            svg += "<g><title>\(HTMLEscape.text(row.tip))</title>"
            svg +=
                #"<text class="label" x="\#(HTMLEscape.number(Self.nameWidth - 8))" y="\#(HTMLEscape.number(y + 16))" text-anchor="end">\#(HTMLEscape.text(TextLayout.fit(row.name, 26)))</text>"#
            for (x, (kind, bar)) in zip(columns, zip(series, row.bars)) {
                let length = bar.length * scale
                svg +=
                    #"<rect class="\#(HTMLEscape.text(kind.className))" x="\#(HTMLEscape.number(x))" y="\#(HTMLEscape.number(y + 4))" width="\#(HTMLEscape.number(length))" height="\#(HTMLEscape.number(Self.rowHeight - 9))"/>"#
                svg +=
                    #"<text class="value" x="\#(HTMLEscape.number(x + length + 5))" y="\#(HTMLEscape.number(y + 16))">\#(HTMLEscape.text(bar.label))</text>"#
            }
            svg += "</g>"
        }
        return svg + "</svg>"
    }
}
