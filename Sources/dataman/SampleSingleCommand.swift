import Annotations
import ArgumentParser
import Foundation
import Sampling
import Stats

/// The whole selection in one process, from every annotation file given: `dataman sample ANN ...`.
struct SampleSingleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "single",
        abstract: "Select the mixture in one process from every annotation file given.",
        discussion: """
            ANNOTATIONS are annotation files or folders written by `dataman annotate`. \
            Rows with an error are never selected. Each stratum is filled in its own \
            order until its token target is reached, the document that crosses the \
            target included. By default the strata are DataMan's multi_domain split: \
            the budget is shared over sources by their token share of the filtered \
            pool, then over domains inside each source.

            --rounding exact (the default) lands the whole selection on the budget: \
            each level of the split is a largest-remainder share (floors, then a token \
            each to the largest remainders, ties in name order), so the targets add up \
            to the budget (with --domain-weights the levels are the domains, by their \
            weights, then their sources, by pool tokens); a stratum whose pool (times \
            --max-epochs) is smaller than \
            its share is taken whole, and what it cannot give is shared again over the \
            other strata in proportion to their shares (largest remainder, repeated \
            until every target fits its pool; when no stratum left has a share, by \
            their pools, except that a domain weighted 0 stays empty); the \
            strata are then filled in order (source, then domain) and the tokens each \
            one takes beyond its target are taken off the \
            next one's, so the total exceeds the budget by less than the largest \
            selected document (and when the whole filtered pool is smaller than the \
            budget, everything is taken and the report says so). --rounding reference \
            is DataMan's select_subset.py: shares truncated, each stratum on its own, \
            so the total can exceed the budget by a document per stratum; the presets \
            use it, to select what the paper's code selects. The report gives the \
            deviation from the budget in total and per stratum.

            Orders (--method):
              top-k        highest --by score first; ties broken by the seeded key
              uniform      a seeded random permutation
              temperature  QuRating: z-scored score / --tau plus Gumbel noise, i.e.
                           sampling without replacement with p ∝ exp(z/τ)
            Every random choice comes from (--seed, id_hash) only: thread count, file \
            order and how the annotations are split into folders never change it.

            --where filters over the 14 ratings, tokens, domain and source with \
            == != < <= > >=, in [...], not in [...], and, or, not and parentheses; \
            ratings add up (accuracy+coherence >= 8). A comparison with a missing \
            value (an unrated row, a row without domain) is false. Quote values with \
            spaces: domain == "Retail E-commerce".

            With --rounding reference a stratum whose pool is smaller than its target \
            is taken whole and its shortfall reported; other strata are not enlarged. \
            --max-epochs N repeats a short stratum's documents (all of them, then the \
            next epoch in key order) up to N times.

            Output in OUT: selection.parquet (doc_id, id_hash, shard, line, offset, \
            length, tokens, source, domain, stratum, epoch, score, key; a row per \
            document and epoch; a larger key comes first in its stratum) and \
            report.json (target and achieved tokens, documents and mean score per \
            stratum). selection.parquet also has the 14 rating columns and a null \
            error column, so `dataman stats OUT/selection.parquet` describes the \
            mixture as training will see it (a repeat counts as a document again). \
            --stats prints the pool (rows passing --where, without error rows) beside \
            the mixture: domain shares by documents and tokens and the mean of every \
            rating. --materialize copies the selected documents' original lines, \
            read back by byte offset from the shards under --shards and checked \
            against their annotations, into OUT/data/part-*.jsonl.zst files of about \
            --shard-tokens tokens (a repeat follows its document's first copy). \
            Both passes stream the annotations; memory is a token histogram per \
            stratum and score plus a few row groups.

            Annotations spread over many nodes: `dataman sample --help` shows the \
            three steps (histogram, select, merge) that select the same mixture.

            Examples:
              dataman sample ann --budget 30B --out mix      # top-k by overall_score
              dataman sample ann --budget 30B --out mix --preset dataman-overall=5
              dataman sample ann --budget 500M --out mix --preset qurating \\
                --by accuracy+coherence
              dataman sample ann --budget 1.5e9 --out mix \\
                --where 'overall_score >= 4 and domain in [Law, Finance]'
              dataman sample ann --budget 2B --out mix \\
                --domain-weights Medicine=0.2,Law=0.1,rest=natural
              dataman sample ann --budget 10B --out mix --max-epochs 3 --seed 7
              dataman sample ann --budget 30B --dry-run      # the report only
              dataman sample ann --budget 30B --dry-run --stats
              dataman sample ann --budget 30B --out mix --materialize \\
                --shards corpus --shard-tokens 1B
            """
    )

    @OptionGroup var input: SampleInputOptions
    @OptionGroup(title: "Budget") var plan: SampleBudgetOptions
    @OptionGroup(title: "Selection rule") var rule: SampleRuleOptions

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("The folder for selection.parquet and report.json.", valueName: "dir")
    )
    var out: String?

    @Flag(help: "Print the report without writing anything.")
    var dryRun = false

    @Flag(
        help:
            "Also print the pool beside the mixture: domain shares and mean ratings (one more pass over the annotations)."
    )
    var stats = false

    @Flag(help: "Also write the selected documents' JSON lines to OUT/data/*.jsonl.zst, with OUT/manifest.json.")
    var materialize = false

    @Option(
        help: ArgumentHelp(
            "The folder the annotated shards are in (their paths in the annotations start here).",
            valueName: "dir"
        )
    )
    var shards: String?

    @Option(help: ArgumentHelp("Tokens per materialized file (30B, 500M, ... as for --budget).", valueName: "tokens"))
    var shardTokens = "500M"

    func validate() throws {
        guard out != nil || dryRun else { throw ValidationError("give --out DIR, or --dry-run for the report only") }
        if materialize {
            guard shards != nil else {
                throw ValidationError("--materialize needs --shards DIR, the folder the shards were annotated from")
            }
            guard !dryRun else { throw ValidationError("--materialize writes files; it has no --dry-run") }
        }
    }

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        logging.bootstrap()
        let configuration = try plan.configuration(rule: rule, threads: input.threads)
        let sampler = try Sampler(configuration: configuration, annotations: try input.open())
        // Fails before reading anything when a shard to copy from is missing.
        let materializer =
            try materialize
            ? shards.map {
                try Materializer(
                    annotations: sampler.annotations,
                    shardsRoot: URL(fileURLWithPath: $0),
                    shardTokens: try TokenBudget.parse(shardTokens, option: "--shard-tokens")
                )
            } : nil
        let mixture = stats ? MixtureStatsSink() : nil
        if !dryRun, let out { try Materializer.discardMixtureData(in: URL(fileURLWithPath: out)) }
        let report = try await sampler.run(
            output: URL(fileURLWithPath: out ?? "."),
            dryRun: dryRun,
            observer: mixture
        )
        print(report.text)
        if let mixture { try await printPool(beside: mixture, filter: configuration.filter, of: sampler) }
        guard let out, !dryRun else { return }
        print("wrote \(out)/selection.parquet (\(report.selectedRows) rows) and \(out)/report.json")
        if let materializer {
            let folder = URL(fileURLWithPath: out)
            let manifest = try materializer.run(
                selection: folder.appendingPathComponent("selection.parquet"),
                output: folder
            )
            print(
                "wrote \(manifest.files.count) files of \(manifest.documents) documents (\(manifest.tokens) tokens) to \(out)/data, listed in \(out)/manifest.json"
            )
        }
    }

    /// --stats: the pool's domain shares and mean ratings beside the mixture's.
    private func printPool(beside mixture: MixtureStatsSink, filter: RowFilter?, of sampler: Sampler) async throws {
        let pool = try await StatsScanner.scan(
            sampler.annotations,
            options: StatsOptions(filter: filter, threads: input.threads, skipErrorRows: true)
        )
        print()
        print(
            TerminalComparison(style: .forStandardOutput()).render(
                pool: pool.stats.overall,
                mixture: mixture.finish().overall
            ),
            terminator: ""
        )
    }
}

/// Describes the selected rows as they are selected, with the aggregates of `dataman stats`.
private final class MixtureStatsSink: SelectionSink {
    private let accumulator = StatsAccumulator(grouping: nil)

    func write(_ rows: SelectedRows) throws {
        try accumulator.add(rows.annotationBatch, rows: nil, place: "the selection")
    }

    func finish() -> CorpusStats { accumulator.finish() }
}
