import Foundation
import Testing

/// `dataman compare --html`: the page holds the figures `--json` holds, escapes the names it shows
/// and fetches nothing.
@Suite struct CompareCLITests {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
        "dataman-compare-cli-\(UUID().uuidString)"
    )

    /// The files one `compare --json --html` run wrote, and the path given for the candidate.
    struct Run {
        var json: [String: Any]
        var html: String
        var htmlFile: URL
        var candidate: String
    }

    /// Two heuristic annotation sets of overlapping documents: A has d0-d5, B has d1-d7 with the
    /// same texts for d1 and d2 and other texts for d3-d5, so the two agree on some documents and
    /// not on others. B's folder name holds every character HTML must escape.
    static func compare(in scratch: URL) throws -> Run {
        let texts = [
            "func main() {\n    for i in 0..<10 { print(i) }\n}\nlet x = try parse(input)\nreturn x.map { $0 * 2 }",
            "The patient was given 20 mg of the drug twice daily; blood pressure and heart rate were monitored for signs of infection.",
            "The court held that the contract was void, and the defendant appealed under section 12 of the statute.",
            "Let x be a real number such that x^2 = 2. Then the integral of f over [0, 1] equals the limit of the sum.",
            "Stocks fell as the central bank raised interest rates; investors sold bonds and the market index lost 3 percent.",
            "The team won the final match 2-1 after a goal in extra time; fans celebrated in the stadium all night.",
            "Students in the third grade learn fractions; the teacher gives homework and a quiz at the end of the week.",
            "The train leaves the station at 9:15 and the bus connects to the airport; traffic on the highway was slow.",
        ]
        func shard(_ name: String, _ documents: [(String, String)]) throws -> String {
            let folder = scratch.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let lines = try documents.map { id, text in
                String(decoding: try JSONSerialization.data(withJSONObject: ["id": id, "text": text]), as: UTF8.self)
            }
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("docs.jsonl"))
            return folder.path
        }
        let referenceShards = try shard("shards-a", (0...5).map { ("d\($0)", texts[$0]) })
        let candidateShards = try shard(
            "shards-b",
            (1...7).map { ("d\($0)", texts[$0 <= 2 ? $0 : ($0 + 3) % texts.count]) }
        )
        let reference = scratch.appendingPathComponent("a").path
        let candidate = scratch.appendingPathComponent(#"b <&"'>"#).path
        for (shards, out) in [(referenceShards, reference), (candidateShards, candidate)] {
            let annotate = try CommandRunner.run([
                "annotate", shards, "--out", out, "--tokenizer", "estimate", "--quiet",
            ])
            try #require(annotate.status == 0, "\(annotate.stderr)")
        }
        let json = scratch.appendingPathComponent("compare.json")
        let html = scratch.appendingPathComponent("compare.html")
        let compare = try CommandRunner.run(["compare", reference, candidate, "--json", json.path, "--html", html.path])
        try #require(compare.status == 0, "\(compare.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any]
        return Run(
            json: try #require(document),
            html: try String(contentsOf: html, encoding: .utf8),
            htmlFile: html,
            candidate: candidate
        )
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    /// A share as the terminal prints it.
    static func percent(_ value: Any?) -> String {
        (value as? Double).map { String(format: "%.1f%%", $0 * 100) } ?? "—"
    }

    @Test func theHTMLReportHoldsTheJSONFigures() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let run = try Self.compare(in: scratch)
        let html = run.html

        let documents = try #require(run.json["documents"] as? [String: Int])
        #expect(documents["compared"] == 5 && documents["only_in_reference"] == 1)
        #expect(documents["only_in_candidate"] == 2)
        for (key, label) in [
            ("compared", "documents in both, rated by both"), ("only_in_reference", "only in A"),
            ("only_in_candidate", "only in B"),
        ] {
            #expect(html.contains("<b>\(documents[key] ?? -1)</b><span>\(label)</span>"), "\(key)")
        }

        // Both sides are named with their raters, and B's name is escaped.
        let candidateName = try #require(run.json["candidate"] as? String)
        #expect(candidateName.contains("heuristic"))
        #expect(html.contains("<dd>\(Self.escaped(candidateName))</dd>"))
        #expect(html.contains(Self.escaped(try #require(run.json["reference"] as? String))))
        #expect(!html.contains(#"<&"'>"#))

        // Each criterion's row opens with its name and exact accuracy, then the majority baseline.
        let criteria = try #require(run.json["criteria"] as? [String: [String: Any]])
        #expect(criteria.count == 14)
        for (column, figures) in criteria {
            let name = column.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }
                .joined(separator: " ")
            #expect(
                html.contains(
                    #"<tr><td>\#(name)</td><td class="count">\#(Self.percent(figures["accuracy"]))</td>"#
                        + #"<td class="count">\#(Self.percent(figures["majority_baseline"]))</td>"#
                ),
                "\(column)"
            )
        }

        let domain = try #require(run.json["domain"] as? [String: Any])
        let accuracy = Self.percent(domain["accuracy"])
        #expect(accuracy != "—")
        #expect(html.contains("<b>\(accuracy)</b><span>exact</span>"))
        let macroF1 = try #require(domain["macro_f1"] as? Double)
        #expect(html.contains("<b>\(String(format: "%.2f", macroF1))</b><span>macro-F1</span>"))
        // Every one of the 225 cells of the confusion table, by its hover text.
        let labels = try #require(domain["labels"] as? [String])
        let confusion = try #require(domain["confusion"] as? [[Int]])
        #expect(labels.count == 15 && confusion.count == 15)
        #expect(confusion.joined().reduce(0, +) == 5)
        for (a, row) in confusion.enumerated() {
            for (b, count) in row.enumerated() {
                #expect(html.contains("<title>A \(labels[a]), B \(labels[b]): \(count) documents"), "\(a), \(b)")
            }
        }

        // Self-contained: nothing to fetch, no script.
        #expect(html.range(of: #"(src|href)\s*=\s*["']?\s*(https?:)?//"#, options: .regularExpression) == nil)
        #expect(!html.contains("<script"))
        #expect(html.contains(#"data-chart="accuracy""#) && html.contains(#"data-chart="confusion""#))
    }

    /// Every figure `compare --json` gives for the heuristic against the builtin model, on the
    /// bundled shards and a subset of them (so some documents are on one side only), equals
    /// scripts/interop/check_compare.py's row-by-row computation with pyarrow and numpy.
    @Test func theFiguresMatchARowByRowComputationInPython() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let shards = CommandRunner.repository.appendingPathComponent("shards")
        let reference = scratch.appendingPathComponent("heuristic").path
        let candidate = scratch.appendingPathComponent("builtin").path
        let json = scratch.appendingPathComponent("compare.json").path
        for (arguments, out) in [
            ([shards.path, "--rater", "heuristic"], reference),
            (
                [
                    shards.appendingPathComponent("code").path, shards.appendingPathComponent("books").path,
                    "--rater", "builtin",
                ], candidate
            ),
        ] {
            let run = try CommandRunner.run(["annotate"] + arguments + ["--out", out, "--tokenizer", "estimate", "-q"])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let compare = try CommandRunner.run(["compare", reference, candidate, "--json", json])
        #expect(compare.status == 0, "\(compare.stderr)")
        let check = try CommandRunner.python([
            CommandRunner.repository.appendingPathComponent("scripts/interop/check_compare.py").path, reference,
            candidate, json,
        ])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("every figure of"), "\(check.stdout)")
    }
}
