import FileIO
import Foundation

/// The `compare --html` report: one self-contained page (the stats report's shell: inline CSS and
/// SVG, nothing fetched) with the figures of the terminal table and the JSON: the two sides, the
/// coverage, the per-criterion table, exact and within-one accuracy as bars, and the domain's
/// figures with its confusion table as a heat map. Every chart carries `data-chart` so a browser
/// test can find it.
public struct AgreementHTMLReport: Sendable {
    let report: AgreementReport
    let reference: String
    let candidate: String
    let domains: [String]
    let commandLine: String

    /// `reference` and `candidate` name the sides (path and raters), `domains` the confusion table's
    /// rows and columns in index order; `commandLine` is the command as typed.
    public init(
        _ report: AgreementReport,
        reference: String,
        candidate: String,
        domains: [String],
        commandLine: String
    ) {
        self.report = report
        self.reference = reference
        self.candidate = candidate
        self.domains = domains
        self.commandLine = commandLine
    }

    /// Writes the page atomically, so a reader never sees half a report.
    public func write(to url: URL) throws {
        try AtomicFileWriter.write(Array(render().utf8), to: url)
    }

    public func render() -> String {
        var body = "<h1>DataMan agreement report</h1>"
        body += #"<pre class="command">"# + HTMLEscape.text(commandLine) + "</pre>"
        body +=
            #"<dl class="provenance" data-chart="sides">"#
            + [("A (reference)", reference), ("B (candidate)", candidate)].map {
                "<dt>\(HTMLEscape.text($0.0))</dt><dd>\(HTMLEscape.text($0.1))</dd>"
            }.joined() + "</dl>"
        body += coverage()
        body +=
            "<nav>"
            + [("criteria", "Criteria"), ("accuracy", "Accuracy"), ("domain", "Domain")].map {
                ##"<a href="#\##($0.0)">\##($0.1)</a>"##
            }.joined() + "</nav>"
        body += HTMLReport.section(
            "criteria",
            "Agreement per criterion",
            note:
                "Over the \(NumberFormat.integer(report.compared)) documents both sides rated, A taken as the truth. "
                + "Majority is the accuracy of always answering A's most common rating; ±1 counts ratings at most one apart; "
                + "binary splits 1-2 from 3-5; macro-F1 averages over the ratings either side uses; "
                + "Spearman's ρ ranks ties at their mid-rank.",
            figureTable()
        )
        body += HTMLReport.section(
            "accuracy",
            "Exact and within-one accuracy",
            note: "The share of documents where B gives A's rating, and where it is at most one away.",
            #"<div class="scroll">"# + accuracyBars() + "</div>"
        )
        body += HTMLReport.section(
            "domain",
            "Domain",
            note:
                "Rows are A's domain, columns B's; the darker a cell, the more documents (the largest cell is darkest).",
            domainFigures() + #"<div class="scroll">"# + confusion() + "</div>"
        )
        body +=
            "<footer>Made by <code>\(HTMLEscape.text(commandLine))</code>. "
            + "The same numbers are available with <code>--json</code>.</footer>"
        return HTMLReport.page(
            title: "DataMan compare: \(NumberFormat.integer(report.compared)) documents",
            body: body
        )
    }

    private func cards(_ chart: String, _ cards: [(String, String)]) -> String {
        #"<div class="cards" data-chart="\#(chart)">"#
            + cards.map {
                #"<div class="card"><b>\#(HTMLEscape.text($0.0))</b><span>\#(HTMLEscape.text($0.1))</span></div>"#
            }.joined() + "</div>"
    }

    private func coverage() -> String {
        cards(
            "coverage",
            [
                (NumberFormat.integer(report.compared), "documents in both, rated by both"),
                (NumberFormat.integer(report.onlyInReference), "only in A"),
                (NumberFormat.integer(report.onlyInCandidate), "only in B"),
                (NumberFormat.integer(report.unratedInReference), "in both, unrated in A"),
                (NumberFormat.integer(report.unratedInCandidate), "in both, unrated in B"),
                (NumberFormat.integer(report.duplicateRows), "duplicate rows (the first is compared)"),
            ]
        )
    }

    /// The terminal's table: a row per criterion, the means over the 14 and the domain.
    private func figureTable() -> String {
        func row(_ name: String, summary: Bool, _ value: (AgreementFigure) -> Double?) -> String {
            (summary ? #"<tr class="summary">"# : "<tr>") + "<td>\(HTMLEscape.text(name))</td>"
                + AgreementFigure.allCases.map {
                    #"<td class="count">\#(HTMLEscape.text($0.formatted(value($0))))</td>"#
                }.joined() + "</tr>"
        }
        var html =
            #"<div class="scroll"><table data-chart="criteria"><tr><th>criterion</th>"#
            + AgreementFigure.allCases.map { "<th>\(HTMLEscape.text($0.heading))</th>" }.joined() + "</tr>"
        for (index, table) in report.criteria.enumerated() {
            html += row(RatingScale.displayNames[index], summary: false) { $0.value(table) }
        }
        html += row("Mean of 14", summary: true) { report.mean($0.value) }
        html += row("Domain", summary: true) { $0.appliesToDomain ? $0.value(report.domain) : nil }
        return html + "</table></div>"
    }

    private func accuracyBars() -> String {
        let figures = [AgreementFigure.accuracy, .withinOne]
        let rows = report.criteria.enumerated().map { index, table in
            let values = figures.map { $0.value(table) }
            let name = RatingScale.displayNames[index]
            return SVGBarList.Row(
                name: name,
                tip:
                    "\(name): exact \(AgreementFigure.accuracy.formatted(values[0])), within one "
                    + "\(AgreementFigure.withinOne.formatted(values[1])) over \(NumberFormat.integer(table.total)) documents",
                bars: zip(figures, values).map { ($1 ?? 0, $0.formatted($1)) }
            )
        }
        return SVGBarList().render(
            chart: "accuracy",
            series: [
                SVGBarList.Series(title: "exact", className: "exact"),
                SVGBarList.Series(title: "within one", className: "within-one"),
            ],
            rows: rows,
            // Accuracy is out of 100%, so the bars of two reports compare by eye.
            top: 1,
            empty: "no criteria"
        )
    }

    private func domainFigures() -> String {
        cards(
            "domain-figures",
            AgreementFigure.allCases.filter(\.appliesToDomain).map { figure in
                (figure.formatted(figure.value(report.domain)), figure.heading)
            }
        )
    }

    private func confusion() -> String {
        let table = report.domain
        let referenceCounts = table.referenceCounts
        let largest = Double(table.counts.max() ?? 0)
        let names = (0..<table.classes).map { $0 < domains.count ? domains[$0] : "domain \($0)" }
        let map = SVGHeatMap(
            rowLabels: names,
            columnLabels: names,
            values: (0..<table.classes).map { a in
                (0..<table.classes).map { b in Double(table.counts[a * table.classes + b]) }
            },
            colour: { ColorScale.share(largest > 0 ? $0 / largest : 0) },
            format: { $0 == 0 ? "·" : NumberFormat.integer(Int64($0)) },
            tip: { a, b, _ in
                let count = table.counts[a * table.classes + b]
                return
                    "A \(names[a]), B \(names[b]): \(NumberFormat.integer(count)) documents "
                    + "(\(NumberFormat.percent(count, of: referenceCounts[a])) of A's \(names[a]))"
            },
            cellWidth: 44,
            rowLabelWidth: 130,
            columnLabelHeight: 110
        )
        return map.render(chart: "confusion", label: "domain confusion table, rows A, columns B")
    }
}
