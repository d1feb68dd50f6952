import ArgumentParser
import Foundation
import Sampling

/// Step 1 of a selection across nodes: the token histogram of this node's annotations.
struct SampleHistogramCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "histogram",
        abstract: "Step 1 of 3 across nodes: write the token histogram of this node's (or rank's) annotations.",
        discussion: """
            Counts the tokens of the rows the selection rule keeps, per stratum and score, into \
            one small file. Every node writes its own; `dataman sample select` then plans from all \
            of them. The histogram does not depend on the budget, so one set of histograms serves \
            any --budget. See `dataman sample --help` for the three steps.

            Example:
              dataman sample histogram ann --rank 0 --world 4 --seed 7 --out h/rank-0.hist
            """
    )

    @OptionGroup var input: SampleInputOptions
    @OptionGroup(title: "Selection rule") var rule: SampleRuleOptions
    @OptionGroup var ranks: RankOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("The histogram file to write.", valueName: "file"))
    var out: String

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        logging.bootstrap()
        // A histogram does not depend on the budget: any will do.
        let configuration = try rule.configuration(budget: 1, threads: input.threads)
        let sampler = try Sampler(configuration: configuration, annotations: try input.open(share: ranks))
        let histogram = try await sampler.histogram()
        try HistogramFile.write(
            histogram,
            configuration: configuration,
            annotations: sampler.annotations,
            to: URL(fileURLWithPath: out)
        )
        print(
            "wrote \(out): \(histogram.counts.rows) rows of \(sampler.annotations.files.count) files in \(histogram.strata.count) strata"
        )
    }
}
