import Foundation

/// `dataman compare` (and `dataman train`'s holdout) in the terminal: one line per criterion with
/// every figure, the means, the domain's figures and its confusion table by domain letter.
public struct TerminalAgreementReport {
    let report: AgreementReport
    let style: TerminalStyle

    public init(_ report: AgreementReport, style: TerminalStyle) {
        self.report = report
        self.style = style
    }

    static let nameWidth = 27

    public func render(confusion: Bool = true) -> String {
        var lines = [
            "compared \(NumberFormat.integer(report.compared)) documents; only in the reference \(NumberFormat.integer(report.onlyInReference)), only in the candidate \(NumberFormat.integer(report.onlyInCandidate)); unrated in the reference \(NumberFormat.integer(report.unratedInReference)), in the candidate \(NumberFormat.integer(report.unratedInCandidate))",
            "",
            style.dim(
                TextLayout.left("", Self.nameWidth)
                    + AgreementFigure.allCases.map { TextLayout.right($0.heading, 9) }.joined()
            ),
        ]
        for (index, table) in report.criteria.enumerated() {
            lines.append(row(RatingScale.displayNames[index]) { $0.value(table) })
        }
        lines.append(style.bold(row("mean of 14") { report.mean($0.value) }))
        lines.append(style.bold(row("domain") { $0.appliesToDomain ? $0.value(report.domain) : nil }))
        if confusion { lines += confusionTable() }
        return lines.joined(separator: "\n")
    }

    private func row(_ name: String, _ value: (AgreementFigure) -> Double?) -> String {
        TextLayout.left(name, Self.nameWidth)
            + AgreementFigure.allCases.map { TextLayout.right($0.formatted(value($0)), 9) }.joined()
    }

    private func confusionTable() -> [String] {
        let table = report.domain
        let letters = (0..<table.classes).map { String(UnicodeScalar(UInt8(65 + $0))) }
        var lines = [
            "", "domain confusion (rows: reference, columns: candidate; A-O as in `dataman criteria`)",
            style.dim("   " + letters.map { TextLayout.right($0, 6) }.joined()),
        ]
        for a in 0..<table.classes {
            lines.append(
                letters[a] + "  "
                    + (0..<table.classes).map { b in
                        let count = table.counts[a * table.classes + b]
                        let text = TextLayout.right(count == 0 ? "·" : NumberFormat.integer(count), 6)
                        return a == b ? style.bold(text) : text
                    }.joined()
            )
        }
        return lines
    }
}
