/// The terminal form of the statistics: plain lines at most 100 columns wide, coloured only when
/// the style says so.
public struct TerminalReport: Sendable {
    public let style: TerminalStyle

    /// Columns every line fits in.
    public static let width = 100

    public init(style: TerminalStyle) {
        self.style = style
    }

    public func render(_ stats: CorpusStats, context: ReportContext, examples: ExampleTexts? = nil) -> String {
        var lines = header(stats.overall, context: context)
        lines += sections(stats.overall, grouping: nil)
        if let examples, !examples.isEmpty { lines += [""] + exampleLines(examples) }
        if let grouping = stats.grouping {
            for (name, group) in stats.sortedGroups {
                lines += [
                    "",
                    style.bold(
                        TextLayout.fit(
                            "━━ \(grouping.rawValue) \(name): \(NumberFormat.integer(group.rows)) documents, "
                                + "\(NumberFormat.compact(group.tokens)) tokens "
                                + String(repeating: "━", count: Self.width),
                            Self.width
                        )
                    ),
                ]
                lines += sections(group, grouping: grouping)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func header(_ overall: GroupStats, context: ReportContext) -> [String] {
        let provenance = context.provenance
        var lines = [
            style.bold("DataMan stats")
                + TextLayout.fit(
                    ": \(NumberFormat.integer(overall.rows)) documents, "
                        + "\(NumberFormat.compact(overall.tokens)) tokens, from \(provenance.inputs)",
                    Self.width - 13
                ),
            "rated \(NumberFormat.integer(overall.ratedRows)) (\(NumberFormat.percent(overall.ratedRows, of: overall.rows)))"
                + " · errors \(NumberFormat.integer(overall.errorRows)) · unrated \(NumberFormat.integer(overall.unratedRows))",
        ]
        let facts = [
            "rater \(Self.list(provenance.raters))", "tokenizer \(Self.list(provenance.tokenizers))",
            "criteria \(Self.list(provenance.criteriaVersions))",
        ]
        lines += facts.flatMap { TextLayout.wrap($0, Self.width) }.map(style.dim)
        if let filter = context.filter { lines += TextLayout.wrap("where " + filter, Self.width) }
        for warning in context.warnings {
            lines += TextLayout.wrap("warning: " + warning, Self.width).enumerated().map {
                $0.offset == 0 ? style.bold($0.element) : $0.element
            }
        }
        return lines
    }

    private func sections(_ stats: GroupStats, grouping: StatsGrouping?) -> [String] {
        var lines: [String] = []
        func section(_ title: String, _ body: [String]) {
            lines += ["", style.bold(title)] + body
        }
        let ratings = TerminalRatingTable(style: style)
        section(
            "Ratings by documents: share at each rating, bars scaled to the most common",
            ratings.render(stats, by: .documents)
        )
        section("Ratings by tokens", ratings.render(stats, by: .tokens))
        if grouping != .domain {
            section("Mean rating by domain", TerminalMeansTable(style: style).render(stats))
        }
        let composition = TerminalCompositionTable(style: style)
        if grouping != .domain { section("Domains", composition.render(title: "domain", stats.domains)) }
        if grouping != .source { section("Sources", composition.render(title: "source", stats.sources)) }
        if stats.errorRows > 0 {
            section(
                "Errors: \(NumberFormat.integer(stats.errorRows)) rows without ratings",
                stats.errors.sorted.prefix(15).map {
                    TextLayout.right(NumberFormat.integer($0.count), 10) + "  " + TextLayout.fit($0.message, 88)
                }
            )
        }
        section(
            "Correlations: Pearson r below the diagonal, Spearman ρ above (hundredths)",
            TerminalCorrelationTable(style: style).render(stats)
        )
        return lines
    }

    private func exampleLines(_ examples: ExampleTexts) -> [String] {
        var lines = [style.bold("Examples: highest (▲) and lowest (▼) rated documents per criterion")]
        for criterion in 0..<RatingScale.criterionCount {
            lines.append(RatingScale.displayNames[criterion])
            let picks = examples.highest[criterion].map { ("▲", $0) } + examples.lowest[criterion].map { ("▼", $0) }
            for (mark, example) in picks {
                let text = example.excerpt.map(Self.oneLine) ?? "(\(example.problem ?? "text not read"))"
                let label = "  \(mark)\(example.candidate.rating) \(TextLayout.fit(example.candidate.docID, 24)): "
                lines.append(
                    style.rating(label, example.candidate.rating)
                        + TextLayout.fit(text, max(10, Self.width - TextLayout.columns(label)))
                )
            }
        }
        return lines
    }

    /// Whitespace runs (newlines included) become one space, so an excerpt fits one line.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func list(_ values: [String]) -> String {
        values.isEmpty ? NumberFormat.dash : values.joined(separator: ", ")
    }
}
