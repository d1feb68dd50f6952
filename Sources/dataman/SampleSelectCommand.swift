import ArgumentParser
import Foundation
import Sampling

/// Step 2 of a selection across nodes: this node's part, planned from every node's histogram.
struct SampleSelectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "select",
        abstract: "Step 2 of 3 across nodes: plan from every node's histogram and select this node's part.",
        discussion: """
            Merges the histograms `dataman sample histogram` wrote (every node's, so all nodes \
            agree on the budgets and cuts), selects from this node's annotations and writes OUT \
            (selection.parquet, boundary.parquet with the rows at the strata's boundaries, and \
            report.json). Give it the selection rule the histograms were made with. \
            `dataman sample merge` then combines the parts; see `dataman sample --help`.

            Example:
              dataman sample select ann --rank 0 --world 4 --budget 30B --seed 7 \\
                --histograms h/*.hist --out parts/rank-0
            """
    )

    @OptionGroup var input: SampleInputOptions
    @OptionGroup(title: "Budget") var plan: SampleBudgetOptions
    @OptionGroup(title: "Selection rule") var rule: SampleRuleOptions
    @OptionGroup var ranks: RankOptions

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp("Every node's histogram file.", valueName: "files")
    )
    var histograms: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("The folder for this node's part.", valueName: "dir"))
    var out: String

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        logging.bootstrap()
        let configuration = try plan.configuration(rule: rule, threads: input.threads)
        let sampler = try Sampler(configuration: configuration, annotations: try input.open(share: ranks))
        let merged = try HistogramFile.merge(
            histograms.map { URL(fileURLWithPath: $0) },
            configuration: configuration,
            local: sampler.annotations
        )
        let report = try await sampler.runPart(histogram: merged, output: URL(fileURLWithPath: out))
        print(report.text)
        print(
            "wrote this part to \(out) (selection.parquet, boundary.parquet, report.json); combine the parts with dataman sample merge"
        )
    }
}
