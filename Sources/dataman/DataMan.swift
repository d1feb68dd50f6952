import ArgumentParser

@main
struct DataMan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataman",
        abstract: "Rate, sample and inspect pre-training corpora with DataMan's 14 quality criteria and 15 domains.",
        discussion: """
            A typical session:
              dataman annotate shards --out annotations     # rate every document, write Parquet side files
              dataman criteria                              # the criteria, domains and their version

            Annotations are one Parquet file per input shard; read them with DuckDB, polars or pyarrow:
              duckdb -c "select domain, avg(overall_score), count(*) from 'annotations/**/*.parquet' group by 1"
            """,
        version: "0.1.0",
        subcommands: [AnnotateCommand.self, TokensCommand.self, CriteriaCommand.self]
    )
}
