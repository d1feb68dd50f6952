import Annotations
import ArgumentParser
import Foundation
import Sampling
import Stats
import Tokenizers
import TrainingShards

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
            rating.

            --materialize writes the mixture for training into OUT/data/ (the \
            selection's own folder; --shards stays the folder the shards were \
            annotated FROM). Every selected document is read back by byte offset \
            from its shard and checked against its annotation. The order is \
            globally shuffled: each copy of a document (a repeat is a copy) gets \
            the sort key SplitMix64(--seed, id_hash, epoch), so the files are the \
            same for any --threads or rank count and repeats spread apart; \
            --no-shuffle keeps the reading order (shard by shard, by offset, a \
            repeat after its first copy). A new file starts once a file holds \
            --shard-tokens tokens. --format:
              jsonl.zst  the original JSON lines: part-NNNNN.jsonl.zst (tokens as
                         annotated)
              datatrove  part-NNNNN.ds, .ds.index, .ds.metadata, as datatrove's
                         DocumentTokenizer writes them (nanotron reads them): ids
                         as uint16 when the vocabulary has at most 65,536 ids,
                         else uint32; document ends as uint64
              megatron   part-NNNNN.bin and .idx in Megatron-LM's
                         MMapIndexedDataset layout (uint16 ids below 65,500 ids,
                         else int32), one sequence per document, as
                         tools/preprocess_data.py writes them; give the prefixes
                         to --data-path
              parquet    part-NNNNN.parquet: text, id, source, domain and the
                         14 ratings (Hugging Face datasets loads it)
            The tokenized formats need --tokenizer (qwen2 shipped, a \
            tokenizer.json path, NAME=PATH for tiktoken); the ids are Hugging Face \
            tokenizers' for the same text. As the trainers do by default, each \
            document gets an end-of-text token and no beginning one (datatrove's \
            eos_token, Megatron's --append-eod): --eos defaults to the tokenizer's \
            <|endoftext|>, </s> or <|end_of_text|>; --eos none leaves it out; \
            --bos TOKEN puts one first. The text streams through a spill folder \
            (OUT/spill.tmp, about the mixture's text in size); memory is one \
            256 MB bucket of it. Each file is committed (fsync, rename) and listed \
            in OUT/data.tmp/_progress.json as it is done: a killed --materialize \
            rerun with the same command keeps the listed files and writes the \
            rest. OUT/data/ and OUT/manifest.json appear only when all are there.
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
              dataman sample ann --budget 30B --out mix --materialize \\
                --shards corpus --format datatrove --tokenizer qwen2
              dataman sample ann --budget 30B --out mix --materialize \\
                --shards corpus --format megatron --tokenizer llama/tokenizer.json
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

    @Flag(help: "Also write the mixture for training, shuffled, to OUT/data/ (see --format), with OUT/manifest.json.")
    var materialize = false

    @Option(
        help: ArgumentHelp(
            "The layout --materialize writes: jsonl.zst, datatrove, megatron or parquet.",
            valueName: "format"
        )
    )
    var format: TrainingFormat = .jsonlZstd

    @Option(
        help: ArgumentHelp(
            "The tokenizer of --format datatrove|megatron: qwen2 (shipped), a tokenizer.json path, or NAME=PATH for a tiktoken file.",
            valueName: "name|path"
        )
    )
    var tokenizer: String?

    @Option(
        help: ArgumentHelp(
            "The special token appended to every tokenized document, or none (default: <|endoftext|>, </s> or <|end_of_text|>, whichever the tokenizer has).",
            valueName: "token"
        )
    )
    var eos: String?

    @Option(
        help: ArgumentHelp("A special token put before every tokenized document (default: none).", valueName: "token")
    )
    var bos: String?

    @Flag(help: "Write the materialized documents in reading order (shard by shard) instead of shuffled.")
    var noShuffle = false

    @Option(
        help: ArgumentHelp(
            "The folder the annotated shards are in (their paths in the annotations start here).",
            valueName: "dir"
        )
    )
    var shards: String?

    @Option(
        help: ArgumentHelp(
            "Tokens per materialized file (30B, 500M, ... as for --budget): the ids written for datatrove and megatron, the annotation's count for jsonl.zst.",
            valueName: "tokens"
        )
    )
    var shardTokens = "500M"

    func validate() throws {
        guard out != nil || dryRun else { throw ValidationError("give --out DIR, or --dry-run for the report only") }
        if materialize {
            guard shards != nil else {
                throw ValidationError("--materialize needs --shards DIR, the folder the shards were annotated from")
            }
            guard !dryRun else { throw ValidationError("--materialize writes files; it has no --dry-run") }
            guard tokenizer != nil || !format.isTokenized else {
                throw ValidationError("--format \(format.rawValue) needs --tokenizer")
            }
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
                TrainingShardWriter(
                    materializer: try Materializer(
                        annotations: sampler.annotations,
                        shardsRoot: URL(fileURLWithPath: $0)
                    ),
                    options: try TrainingShardOptions(
                        format: format,
                        shardTokens: try TokenBudget.parse(shardTokens, option: "--shard-tokens"),
                        seed: configuration.seed,
                        shuffle: !noShuffle,
                        layout: try layout(),
                        threads: input.threads
                    )
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
                "wrote \(manifest.files.count) \(format.rawValue) shards of \(manifest.documents) documents (\(manifest.tokens) tokens) to \(out)/data, listed in \(out)/manifest.json"
            )
        }
    }

    /// The tokenizer and special tokens of the tokenized formats.
    private func layout() throws -> TokenizedLayout? {
        guard format.isTokenized, let tokenizer else { return nil }
        let loaded = try loadTokenizer(tokenizer)
        let eos = self.eos ?? TokenizedLayout.defaultEOS(of: loaded)
        guard eos != nil || self.eos != nil else {
            throw ValidationError(
                "--tokenizer \(tokenizer) has no <|endoftext|>, </s> or <|end_of_text|>; name one with --eos, or --eos none"
            )
        }
        return try TokenizedLayout(
            tokenizer: loaded,
            tokenizerName: tokenizer,
            eos: eos == "none" ? nil : eos,
            bos: bos
        )
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

extension TrainingFormat: ExpressibleByArgument {}
