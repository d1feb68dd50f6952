/// The examples section: per criterion, the highest- and lowest-rated documents with the first
/// lines of their text.
struct HTMLExamples {
    func render(_ examples: ExampleTexts) -> String {
        var html = #"<div data-chart="examples">"#
        for criterion in 0..<RatingScale.criterionCount {
            html += "<details><summary>\(HTMLEscape.text(RatingScale.displayNames[criterion]))</summary>"
            for (title, list) in [("Highest", examples.highest[criterion]), ("Lowest", examples.lowest[criterion])] {
                html += "<h3>\(title)</h3>"
                if list.isEmpty { html += #"<p class="note">No rated documents.</p>"# }
                for example in list { html += item(example) }
            }
            html += "</details>"
        }
        return html + "</div>"
    }

    private func item(_ example: ExampleText) -> String {
        let candidate = example.candidate
        let colour = ColorScale.rating(Double(candidate.rating))
        var html =
            #"<div class="example" style="border-left-color:\#(colour)"><div class="meta">rating \#(candidate.rating) "#
            + "(all 14 sum to \(candidate.ratingSum)) · \(HTMLEscape.text(candidate.docID)) · "
            + "\(HTMLEscape.text(candidate.inputPath)) line \(candidate.line + 1)</div>"
        if let excerpt = example.excerpt {
            html += "<pre>\(HTMLEscape.text(excerpt))</pre>"
        } else {
            html += #"<p class="warning">\#(HTMLEscape.text(example.problem ?? "text not read"))</p>"#
        }
        return html + "</div>"
    }
}
