/// A grid of coloured cells with their values written in: the criterion × domain means and the
/// correlation matrices. Cells without a value are grey with a dash.
struct SVGHeatMap {
    var rowLabels: [String]
    var columnLabels: [String]
    /// `values[row][column]`
    var values: [[Double?]]
    var colour: (Double) -> String
    var format: (Double) -> String
    /// Hover text per cell.
    var tip: (Int, Int, Double?) -> String
    var cellWidth = 46.0
    var cellHeight = 22.0
    var rowLabelWidth = 180.0
    var columnLabelHeight = 110.0

    func render(chart: String, label: String) -> String {
        // Column labels lean right at 45°, so the last ones reach past the grid by about their height.
        let width = rowLabelWidth + cellWidth * Double(columnLabels.count) + columnLabelHeight * 0.8
        let height = columnLabelHeight + cellHeight * Double(rowLabels.count) + 4
        var svg =
            #"<svg class="heatmap" data-chart="\#(HTMLEscape.text(chart))" viewBox="0 0 \#(HTMLEscape.number(width)) \#(HTMLEscape.number(height))" width="\#(HTMLEscape.number(width))" role="img" aria-label="\#(HTMLEscape.text(label))">"#
        for (column, name) in columnLabels.enumerated() {
            let x = rowLabelWidth + cellWidth * (Double(column) + 0.5)
            let y = columnLabelHeight - 6
            svg +=
                #"<text class="label" transform="translate(\#(HTMLEscape.number(x)),\#(HTMLEscape.number(y))) rotate(-45)">\#(HTMLEscape.text(TextLayout.fit(name, 26)))</text>"#
        }
        for (row, name) in rowLabels.enumerated() {
            let y = columnLabelHeight + cellHeight * Double(row)
            svg +=
                #"<text class="label" x="\#(HTMLEscape.number(rowLabelWidth - 6))" y="\#(HTMLEscape.number(y + cellHeight / 2 + 4))" text-anchor="end">\#(HTMLEscape.text(name))</text>"#
            for column in columnLabels.indices {
                let x = rowLabelWidth + cellWidth * Double(column)
                let value = values[row][column]
                let fill = value.map(colour) ?? "#e4e4e4"
                svg += "<g><title>\(HTMLEscape.text(tip(row, column, value)))</title>"
                svg +=
                    #"<rect x="\#(HTMLEscape.number(x))" y="\#(HTMLEscape.number(y))" width="\#(HTMLEscape.number(cellWidth - 1))" height="\#(HTMLEscape.number(cellHeight - 1))" fill="\#(fill)"/>"#
                svg +=
                    #"<text class="cell" x="\#(HTMLEscape.number(x + cellWidth / 2))" y="\#(HTMLEscape.number(y + cellHeight / 2 + 4))" text-anchor="middle" fill="\#(value == nil ? "#666" : ColorScale.text(on: fill))">\#(HTMLEscape.text(value.map(format) ?? NumberFormat.dash))</text></g>"#
            }
        }
        return svg + "</svg>"
    }
}
