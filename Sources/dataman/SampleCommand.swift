import ArgumentParser

/// `dataman sample`: the one-process selection by default, and the three passes that select the
/// same mixture across many processes.
struct SampleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Select a training mixture of an exact token budget from annotation files, by quality and domain.",
        discussion: """
            One process reading every annotation file (the usual case):
              dataman sample ANN --budget 30B --out mix [options]
            `dataman sample single --help` lists its options and explains the selection.

            Annotations spread over many nodes: three steps, run in this order, select
            the same mixture. Give steps 1 and 2 the same selection rule (--preset,
            --method, --by, --tau, --where, --stratify, --seed, --histogram-bits).
              1. histogram  every node: the token histogram of its annotations
                   dataman sample histogram ann-i --out h/node-i.hist
              2. select     every node: plans from all the histograms (so all nodes
                            agree on budgets and cuts), selects from its own files
                   dataman sample select ann-i --budget 30B --histograms h/*.hist \\
                     --out part-i
              3. merge      once: decides the rows at the strata's boundaries
                   dataman sample merge part-* --out mix
            The selection is every part-i/selection.parquet plus
            mix/boundary-selection.parquet: the rows one `dataman sample` over all the
            annotations selects; mix/report.json reports the whole mixture. With one
            shared annotation folder, steps 1 and 2 take their rank's share of its
            files (--rank/--world, or Slurm's variables):
              rank i:  dataman sample histogram ann --out h/rank-i.hist
              rank i:  dataman sample select ann --budget 30B --histograms h/*.hist \\
                         --out part-i
            (scripts/slurm/sample.sh runs the three steps as chained Slurm jobs.)
            """,
        subcommands: [
            SampleSingleCommand.self, SampleHistogramCommand.self, SampleSelectCommand.self,
            SampleMergeCommand.self,
        ],
        defaultSubcommand: SampleSingleCommand.self
    )

}
