import ArgumentParser

@main
struct DataMan: AsyncParsableCommand {
    // The discussion keeps every line under 80 columns (a terminal's width, and what a pipe gets),
    // with each example's comment on its own line, so nothing is wrapped in the middle of a command.
    static let configuration = CommandConfiguration(
        commandName: "dataman",
        abstract: "Rate, sample and inspect pre-training corpora with DataMan's 14 quality criteria and 15 domains.",
        discussion: """
            A typical session:
              # rate every document, write one Parquet file per shard
              dataman annotate shards --out annotations
              # what is done, per rank on a cluster
              dataman status annotations
              # quality distributions, in the terminal and as HTML
              dataman stats annotations --html report.html
              # a mixture to an exact token budget
              dataman sample annotations --budget 5M --out mix
              # the criteria, the domains and their version
              dataman criteria
              # learn a fast rater from annotations, and rate with it
              dataman train annotations --shards shards --out student.dmm
              dataman annotate shards --out student --rater model:student.dmm
              # how two raters agree
              dataman compare annotations student

            Annotations are one Parquet file per input shard; read them with DuckDB,
            polars or pyarrow:
              duckdb -c "select domain, avg(overall_score), count(*)
                         from 'annotations/**/*.parquet' group by 1"
            """,
        subcommands: [
            AnnotateCommand.self, StatusCommand.self, SampleCommand.self, StatsCommand.self, TokensCommand.self,
            CriteriaCommand.self, TrainCommand.self, CompareCommand.self,
        ]
    )

    @Flag(help: "Show the version, the commit it was built from and the criteria version.")
    var version = false

    func run() async throws {
        guard version else { throw CleanExit.helpRequest(self) }
        print(BuildInfo.report())
    }
}
