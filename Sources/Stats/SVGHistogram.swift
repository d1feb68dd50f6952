/// One criterion's histogram as an inline SVG: for each rating a solid bar (share of documents)
/// and a pale one (share of tokens), on a common percentage axis.
struct SVGHistogram {
    static let width = 300.0, height = 160.0
    private static let left = 34.0, right = 6.0, top = 16.0, bottom = 22.0

    func render(_ histogram: RatingHistogram, criterion: String) -> String {
        let documents = histogram.documents
        let tokens = histogram.tokens
        let documentTotal = histogram.rated
        let tokenTotal = histogram.ratedTokens
        let documentShares = documents.map { NumberFormat.fraction($0, of: documentTotal) ?? 0 }
        let tokenShares = tokens.map { NumberFormat.fraction($0, of: tokenTotal) ?? 0 }
        let axisTop = Self.niceCeiling(max(documentShares.max() ?? 0, tokenShares.max() ?? 0))
        let plotWidth = Self.width - Self.left - Self.right
        let plotHeight = Self.height - Self.top - Self.bottom
        let slot = plotWidth / Double(RatingScale.levels)
        let barWidth = slot * 0.38
        func y(_ share: Double) -> Double { Self.top + plotHeight * (1 - share / axisTop) }

        var svg =
            #"<svg class="histogram" viewBox="0 0 \#(HTMLEscape.number(Self.width)) \#(HTMLEscape.number(Self.height))" role="img" aria-label="\#(HTMLEscape.text(criterion)) ratings">"#
        for tick in [0, 0.5, 1.0] {
            let share = axisTop * tick
            svg +=
                #"<line class="grid" x1="\#(HTMLEscape.number(Self.left))" x2="\#(HTMLEscape.number(Self.width - Self.right))" y1="\#(HTMLEscape.number(y(share)))" y2="\#(HTMLEscape.number(y(share)))"/>"#
            svg +=
                #"<text class="axis" x="\#(HTMLEscape.number(Self.left - 4))" y="\#(HTMLEscape.number(y(share) + 3))" text-anchor="end">\#(Self.percentLabel(share))</text>"#
        }
        for bin in 0..<RatingScale.levels {
            let colour = ColorScale.rating(Double(bin + 1))
            let x = Self.left + slot * Double(bin) + slot * 0.1
            let tip =
                "rating \(bin + 1): \(NumberFormat.integer(documents[bin])) documents (\(NumberFormat.percent(documents[bin], of: documentTotal))), "
                + "\(NumberFormat.compact(tokens[bin])) tokens (\(NumberFormat.percent(tokens[bin], of: tokenTotal)))"
            svg += "<g><title>\(HTMLEscape.text(tip))</title>"
            svg += Self.bar(
                x: x,
                top: y(documentShares[bin]),
                bottom: y(0),
                width: barWidth,
                fill: colour,
                className: "documents"
            )
            svg += Self.bar(
                x: x + barWidth + 2,
                top: y(tokenShares[bin]),
                bottom: y(0),
                width: barWidth,
                fill: colour,
                className: "tokens"
            )
            if documents[bin] > 0 {
                svg +=
                    #"<text class="value" x="\#(HTMLEscape.number(x + barWidth / 2))" y="\#(HTMLEscape.number(y(documentShares[bin]) - 3))" text-anchor="middle">\#(NumberFormat.shortPercent(documents[bin], of: documentTotal))</text>"#
            }
            svg +=
                #"<text class="axis" x="\#(HTMLEscape.number(x + barWidth + 1))" y="\#(HTMLEscape.number(Self.height - 6))" text-anchor="middle">\#(bin + 1)</text>"#
            svg += "</g>"
        }
        return svg + "</svg>"
    }

    /// The pale token bars get an outline of their colour so a light colour still shows.
    private static func bar(
        x: Double,
        top: Double,
        bottom: Double,
        width: Double,
        fill: String,
        className: String
    ) -> String {
        #"<rect class="\#(className)" x="\#(HTMLEscape.number(x))" y="\#(HTMLEscape.number(top))" width="\#(HTMLEscape.number(width))" height="\#(HTMLEscape.number(max(0, bottom - top)))" fill="\#(fill)" stroke="\#(fill)"/>"#
    }

    /// The axis maximum: the largest share rounded up to a tenth (or 5% below 10%), never 0.
    static func niceCeiling(_ share: Double) -> Double {
        guard share.isFinite, share > 0 else { return 1 }
        if share <= 0.05 { return 0.05 }
        if share <= 0.1 { return 0.1 }
        return min(1, (share * 10).rounded(.up) / 10)
    }

    private static func percentLabel(_ share: Double) -> String {
        HTMLEscape.number((share * 100).rounded()) + "%"
    }
}
