import FileIO
import Foundation

/// The `--html` report: one self-contained page (inline CSS and SVG, no script, nothing fetched;
/// the Content-Security-Policy forbids any request), with the same content as the terminal tables
/// drawn as charts. Every chart carries `data-chart` so a browser test can find it.
public struct HTMLReport: Sendable {
    /// `--by` groups drawn in full; the rest are listed (all are in the JSON).
    public var maxGroups = 40

    public init() {}

    public static func write(_ stats: CorpusStats, context: ReportContext, examples: ExampleTexts?, to url: URL) throws
    {
        try AtomicFileWriter.write(
            Array(HTMLReport().render(stats, context: context, examples: examples).utf8),
            to: url
        )
    }

    public func render(_ stats: CorpusStats, context: ReportContext, examples: ExampleTexts? = nil) -> String {
        let overall = stats.overall
        var body = header(overall, context: context, examples: examples, grouping: stats.grouping)
        body += Self.section(
            "histograms",
            "Ratings per criterion",
            note:
                "Share of rated documents (solid) and of their tokens (pale) at each rating. Q1, median and Q3 are by documents.",
            histogramGrid(overall, chartPrefix: "histogram")
        )
        body += Self.section(
            "domain-means",
            "Mean rating by criterion and domain",
            note: "Mean rating of each criterion over the rated documents of each domain, most common domain first.",
            #"<div class="scroll">"# + domainMeans(overall, chart: "domain-means") + "</div>"
        )
        body += Self.section(
            "correlations",
            "Correlations between criteria",
            note:
                "Pearson's r of the ratings, and Spearman's ρ (ranks with ties averaged, exact from the rating counts), over documents rated on both criteria.",
            correlations(overall, chartPrefix: "")
        )
        body += Self.section(
            "composition",
            "Composition",
            note: "Documents and tokens by domain and by source (rows without a domain are errors or unrated).",
            "<h3>Domains</h3>" + #"<div class="scroll">"# + SVGBarList().render(chart: "domains", overall.domains)
                + "</div>"
                + "<h3>Sources</h3>" + #"<div class="scroll">"# + SVGBarList().render(chart: "sources", overall.sources)
                + "</div>"
        )
        body += Self.section("errors", "Errors", note: nil, errorTable(overall))
        if let examples, !examples.isEmpty {
            body += Self.section(
                "examples",
                "Examples",
                note:
                    "The first lines of the highest- and lowest-rated documents per criterion, read back from the shards.",
                HTMLExamples().render(examples)
            )
        }
        if let grouping = stats.grouping { body += groups(stats, grouping: grouping) }
        body +=
            "<footer>Made by <code>\(HTMLEscape.text(context.commandLine))</code>. All charts are computed from exact counts; "
            + "the same numbers are available with <code>--json</code>.</footer>"
        return Self.page(title: "DataMan stats: \(NumberFormat.integer(overall.rows)) documents", body: body)
    }

    /// The page around a report's body: the inline style sheet, and a Content-Security-Policy that
    /// forbids every request, so the file reads the same offline. `dataman compare --html` uses it too.
    static func page(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTMLEscape.text(title))</title>
        <style>
        \(HTMLStyleSheet.css)
        </style>
        </head>
        <body><main>
        \(body)
        </main></body>
        </html>

        """
    }

    // MARK: sections

    private func header(
        _ overall: GroupStats,
        context: ReportContext,
        examples: ExampleTexts?,
        grouping: StatsGrouping?
    ) -> String {
        let provenance = context.provenance
        var html = "<h1>DataMan quality report</h1>"
        html += #"<pre class="command">"# + HTMLEscape.text(context.commandLine) + "</pre>"
        let cards: [(String, String)] = [
            (NumberFormat.integer(overall.rows), "documents"),
            (NumberFormat.compact(overall.tokens), "tokens (\(NumberFormat.integer(overall.tokens)))"),
            (
                NumberFormat.integer(overall.ratedRows),
                "rated (\(NumberFormat.percent(overall.ratedRows, of: overall.rows)))"
            ),
            (NumberFormat.integer(overall.errorRows), "error rows"),
            (NumberFormat.integer(overall.unratedRows), "unrated rows"),
            provenance.selectionFiles == 0
                ? (
                    "\(provenance.files)",
                    "annotation \(provenance.files == 1 ? "file" : "files"), \(NumberFormat.counted(provenance.shards, "shard"))"
                )
                : ("\(provenance.files)", "files read: \(provenance.inputs)"),
        ]
        html +=
            #"<div class="cards" data-chart="totals">"#
            + cards.map {
                #"<div class="card"><b>\#(HTMLEscape.text($0.0))</b><span>\#(HTMLEscape.text($0.1))</span></div>"#
            }.joined() + "</div>"
        var facts: [(String, String)] = [
            ("rater", TerminalReport.list(provenance.raters)),
            ("tokenizer", TerminalReport.list(provenance.tokenizers)),
            ("criteria version", TerminalReport.list(provenance.criteriaVersions)),
        ]
        if let filter = context.filter { facts.append(("where", filter)) }
        if let grouping { facts.append(("by", grouping.rawValue)) }
        html +=
            #"<dl class="provenance" data-chart="provenance">"#
            + facts.map { "<dt>\(HTMLEscape.text($0.0))</dt><dd>\(HTMLEscape.text($0.1))</dd>" }.joined() + "</dl>"
        html += context.warnings.map { #"<p class="warning">\#(HTMLEscape.text($0))</p>"# }.joined()
        var links = [
            ("histograms", "Histograms"), ("domain-means", "By domain"), ("correlations", "Correlations"),
            ("composition", "Composition"), ("errors", "Errors"),
        ]
        if let examples, !examples.isEmpty { links.append(("examples", "Examples")) }
        if grouping != nil { links.append(("groups", "Groups")) }
        html += "<nav>" + links.map { ##"<a href="#\##($0.0)">\##($0.1)</a>"## }.joined() + "</nav>"
        return html
    }

    static func section(_ id: String, _ title: String, note: String?, _ content: String) -> String {
        #"<section id="\#(id)"><h2>\#(HTMLEscape.text(title))</h2>"#
            + (note.map { #"<p class="note">\#(HTMLEscape.text($0))</p>"# } ?? "") + content + "</section>"
    }

    private func histogramGrid(_ stats: GroupStats, chartPrefix: String) -> String {
        var html =
            #"<p class="legend"><span><i class="swatch" style="background:#1a9850"></i>documents</span>"#
            + #"<span><i class="swatch" style="background:#1a9850;opacity:.45"></i>tokens</span></p><div class="grid">"#
        for (criterion, histogram) in stats.histograms.enumerated() {
            let name = RatingScale.displayNames[criterion]
            let quartiles = [250, 500, 750].map {
                histogram.quantile(permille: $0).map(String.init) ?? NumberFormat.dash
            }
            html +=
                #"<figure data-chart="\#(chartPrefix)-\#(RatingScale.criteria[criterion])"><figcaption>\#(HTMLEscape.text(name))</figcaption>"#
            html += SVGHistogram().render(histogram, criterion: name)
            html +=
                "<p>mean \(NumberFormat.mean(histogram.mean)) (by tokens \(NumberFormat.mean(histogram.tokenMean))) · "
                + "Q1 \(quartiles[0]) · median \(quartiles[1]) · Q3 \(quartiles[2]) · \(NumberFormat.integer(histogram.rated)) rated</p></figure>"
        }
        return html + "</div>"
    }

    private func domainMeans(_ stats: GroupStats, chart: String) -> String {
        let domains = stats.domains.sortedByDocuments().compactMap { entry in
            stats.domainRatings[entry.key].map { (entry.key, $0) }
        }
        guard !domains.isEmpty else { return #"<p class="note" data-chart="\#(chart)">No rated documents.</p>"# }
        let map = SVGHeatMap(
            rowLabels: RatingScale.displayNames,
            columnLabels: domains.map {
                "\($0.0) (\(NumberFormat.integer($0.1.documents(criterion: 0).reduce(0, +))))"
            },
            values: (0..<RatingScale.criterionCount).map { criterion in domains.map { $0.1.mean(criterion: criterion) }
            },
            colour: ColorScale.rating,
            format: { NumberFormat.mean($0) },
            tip: { row, column, value in
                let counts = domains[column].1.documents(criterion: row)
                return
                    "\(RatingScale.displayNames[row]) in \(domains[column].0): mean \(NumberFormat.mean(value)) over "
                    + "\(NumberFormat.integer(counts.reduce(0, +))) documents (ratings 1-5: \(counts.map { NumberFormat.integer($0) }.joined(separator: " / ")))"
            },
            cellWidth: 50
        )
        return map.render(chart: chart, label: "mean rating by criterion and domain")
    }

    private func correlations(_ stats: GroupStats, chartPrefix: String) -> String {
        var html = #"<div class="pair">"#
        for (name, matrix) in [("pearson", stats.pearson), ("spearman", stats.spearman)] {
            let title = name == "pearson" ? "Pearson's r" : "Spearman's ρ"
            let map = SVGHeatMap(
                rowLabels: RatingScale.displayNames,
                columnLabels: RatingScale.displayNames,
                values: matrix,
                colour: ColorScale.correlation,
                format: { NumberFormat.correlation($0) },
                tip: { i, j, value in
                    "\(title), \(RatingScale.displayNames[i]) × \(RatingScale.displayNames[j]): \(NumberFormat.correlation(value))"
                        + (i == j ? "" : " over \(NumberFormat.integer(stats.joint.documents(i, j))) documents")
                },
                cellWidth: 38,
                cellHeight: 22,
                rowLabelWidth: 170,
                columnLabelHeight: 150
            )
            html +=
                #"<div class="scroll"><h3>\#(title)</h3>"# + map.render(chart: chartPrefix + name, label: title)
                + "</div>"
        }
        return html + "</div>"
    }

    private func errorTable(_ stats: GroupStats) -> String {
        guard stats.errorRows > 0 else { return #"<p class="note" data-chart="errors">No error rows.</p>"# }
        var html = #"<table data-chart="errors"><tr><th>rows</th><th>error (digits shown as #)</th></tr>"#
        for (message, count) in stats.errors.sorted {
            html +=
                #"<tr><td class="count">\#(NumberFormat.integer(count))</td><td>\#(HTMLEscape.text(message))</td></tr>"#
        }
        return html + "</table>"
    }

    private func groups(_ stats: CorpusStats, grouping: StatsGrouping) -> String {
        let sorted = stats.sortedGroups
        var html = ""
        for (index, (name, group)) in sorted.prefix(maxGroups).enumerated() {
            html +=
                #"<details data-group="\#(HTMLEscape.text(name))"><summary>\#(HTMLEscape.text(name)): "#
                + "\(NumberFormat.integer(group.rows)) documents, \(NumberFormat.compact(group.tokens)) tokens, "
                + "\(NumberFormat.integer(group.errorRows)) errors</summary>"
            html += histogramGrid(group, chartPrefix: "group\(index)-histogram")
            if grouping == .source {
                html +=
                    "<h3>Mean rating by domain</h3>" + #"<div class="scroll">"#
                    + domainMeans(group, chart: "group\(index)-domain-means") + "</div>"
            }
            html += correlations(group, chartPrefix: "group\(index)-")
            html +=
                "<h3>\(grouping == .domain ? "Sources" : "Domains")</h3>" + #"<div class="scroll">"#
                + SVGBarList().render(
                    chart: "group\(index)-composition",
                    grouping == .domain ? group.sources : group.domains
                ) + "</div>"
            html += "</details>"
        }
        if sorted.count > maxGroups {
            html +=
                #"<p class="note">\#(sorted.count - maxGroups) smaller groups are not drawn: "#
                + sorted.dropFirst(maxGroups).map { HTMLEscape.text($0.name) }.joined(separator: ", ") + "</p>"
        }
        return Self.section(
            "groups",
            "By \(grouping.rawValue)",
            note: "Every chart above, per \(grouping.rawValue); open a group to see it.",
            html
        )
    }
}
