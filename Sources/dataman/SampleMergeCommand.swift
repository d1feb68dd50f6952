import ArgumentParser
import Foundation
import Sampling

/// Step 3 of a selection across nodes: the boundary rows decided across every part.
struct SampleMergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Step 3 of 3 across nodes: decide the boundary rows across the parts and report the whole mixture.",
        discussion: """
            Reads every part `dataman sample select` wrote, decides which of their boundary rows \
            the mixture takes, and writes OUT/boundary-selection.parquet and OUT/report.json (the \
            whole mixture). The selection is every part's selection.parquet plus \
            boundary-selection.parquet. Run it once, after every node's part is written; see \
            `dataman sample --help`.

            Example:
              dataman sample merge parts/rank-* --out mix
            """
    )

    @Argument(help: ArgumentHelp("The folders `dataman sample select` wrote, every node's.", valueName: "parts"))
    var parts: [String]

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("The folder for the boundary rows and the report.", valueName: "dir")
    )
    var out: String

    @Option(
        help: ArgumentHelp(
            "The budget the parts were selected for; checked against their plan when given.",
            valueName: "tokens"
        )
    )
    var budget: String?

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        logging.bootstrap()
        let report = try SelectionPart.resolve(
            parts: parts.map { URL(fileURLWithPath: $0) },
            output: URL(fileURLWithPath: out),
            budget: try budget.map { try TokenBudget.parse($0) }
        )
        print(report.text)
        print(
            "wrote \(out)/boundary-selection.parquet and \(out)/report.json; the selection is every part's selection.parquet plus boundary-selection.parquet"
        )
    }
}
