import Annotations
import ArgumentParser
import FileIO
import Foundation
import Stats

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "How two raters' annotations of the same documents agree: per criterion and for the domain.",
        discussion: """
            A and B are annotation files or folders of the same documents (say a teacher's and a \
            student's), joined by id_hash; A is the reference. Over the documents both rated, per \
            criterion: exact accuracy, the majority-class baseline (always answering A's most \
            common rating), within-one accuracy, binary accuracy (below 3 against 3 and above), \
            macro-F1 over the ratings either side uses, Pearson's r and Spearman's rho (ties at \
            mid-ranks, exact from the 5 x 5 table); the means over the 14; for the domain, accuracy, \
            macro-F1 and the 15 x 15 confusion table. It also says how many documents only one side \
            has, and how many one side did not rate (error rows). These are the figures DataMan \
            reports for its own rater against GPT-4 labels (about 80% mean accuracy, 86% on the domain).

            --json writes them: `documents` (the counts), `domain` (accuracy, macro_f1, \
            majority_baseline, labels, confusion), `criteria` (one object per rating column with \
            accuracy, majority_baseline, within_one, binary_accuracy, macro_f1, pearson, spearman) \
            and `mean`; undefined figures are null.

            --html writes one self-contained page (inline SVG and CSS, no script, no \
            network) with the same figures: the two sides with their raters, the coverage, \
            the per-criterion table, exact and within-one accuracy as bars per criterion, \
            and the domain's figures with its 15 x 15 confusion table as a heat map.

            Examples:
              dataman compare teacher student
              dataman compare ann-heuristic ann-model --json agreement.json
              dataman compare teacher student --html agreement.html
              jq '.domain.accuracy, .criteria.coherence.spearman' agreement.json
            """
    )

    @Argument(help: ArgumentHelp("The reference annotations.", valueName: "a"))
    var reference: String

    @Argument(help: ArgumentHelp("The annotations compared with them.", valueName: "b"))
    var candidate: String

    @Option(help: ArgumentHelp("Write the figures as JSON here.", valueName: "file"))
    var json: String?

    @Option(help: ArgumentHelp("Write a self-contained HTML report here.", valueName: "file"))
    var html: String?

    @Option(
        name: .customLong("criteria"),
        help: ArgumentHelp("A criteria folder to use instead of the repository's.", valueName: "dir")
    )
    var criteriaFolder: String?

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        logging.bootstrap()
        let criteria = try loadCriteria(criteriaFolder)
        let domains = criteria.domains.map(\.name)
        let a = try AnnotationSet.open([URL(fileURLWithPath: reference)])
        let b = try AnnotationSet.open([URL(fileURLWithPath: candidate)])
        let report = try AnnotationComparison.compare(reference: a, candidate: b, domains: domains)
        let names = [(reference, a), (candidate, b)].map { path, set in
            "\(path) (\(Set(set.files.map(\.rater)).sorted().joined(separator: ", ")))"
        }
        if let json {
            let document = AgreementJSON(report, reference: names[0], candidate: names[1], domains: domains)
            try AtomicFileWriter.write(
                Array(try AgreementJSON.encoded(document)) + [0x0A],
                to: URL(fileURLWithPath: json)
            )
        }
        if let html {
            try AgreementHTMLReport(
                report,
                reference: names[0],
                candidate: names[1],
                domains: domains,
                commandLine: StatsCommand.commandLine()
            ).write(to: URL(fileURLWithPath: html))
        }
        print("reference: \(names[0])\ncandidate: \(names[1])")
        print(TerminalAgreementReport(report, style: TerminalStyle.forStandardOutput()).render())
    }
}
