import ArgumentParser

@main
struct DataMan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataman",
        abstract: "Rate, sample and inspect pre-training corpora with DataMan's 14 quality criteria and 15 domains.",
        discussion: """
            A typical session:
              dataman annotate shards --out annotations            # rate every document, write Parquet side files
              dataman status annotations                           # what is done, per rank on a cluster
              dataman stats annotations --html report.html         # quality distributions, terminal and HTML
              dataman sample annotations --budget 5M --out mix     # a mixture to an exact token budget
              dataman criteria                                     # the criteria, domains and their version
              dataman train teacher --shards s --out student.dmm   # learn a fast rater from annotations
              dataman compare teacher student                      # how two raters agree

            Annotations are one Parquet file per input shard; read them with DuckDB, polars or pyarrow:
              duckdb -c "select domain, avg(overall_score), count(*) from 'annotations/**/*.parquet' group by 1"
            """,
        version: "0.1.0",
        subcommands: [
            AnnotateCommand.self, StatusCommand.self, SampleCommand.self, StatsCommand.self, TokensCommand.self,
            CriteriaCommand.self, TrainCommand.self, CompareCommand.self,
        ]
    )
}
