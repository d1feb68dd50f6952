import Annotations
import ArgumentParser
import Foundation
import Sampling
import Stats

struct SampleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Select a training mixture of an exact token budget from annotation files, by quality and domain.",
        discussion: """
            ANNOTATIONS are annotation files or folders written by `dataman annotate`. \
            Rows with an error are never selected. Each stratum is filled in its own \
            order until its token budget is reached, the document that crosses the \
            budget included, so every stratum ends within one document of its budget. \
            By default the strata are DataMan's multi_domain split: the budget is \
            shared over sources by their token share of the filtered pool, then over \
            domains inside each source, truncated as DataMan's select_subset.py does.

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

            A stratum whose pool is smaller than its budget is taken whole and its \
            shortfall reported; other strata are not enlarged. --max-epochs N repeats \
            a short stratum's documents (all of them, then the next epoch in key \
            order) up to N times.

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

            Many nodes: each node writes the histogram of its own annotations, plans \
            from all nodes' histograms (so all agree on budgets and cuts) and selects \
            from its own files; one last call decides the boundary rows together:
              node i:  dataman sample ann-i --budget 30B --histogram-out h/node-i.hist
              node i:  dataman sample ann-i --budget 30B --histograms h/*.hist \\
                         --out part-i
              once:    dataman sample --resolve part-* --out mix
            The selection is every part-i/selection.parquet plus \
            mix/boundary-selection.parquet; mix/report.json reports the whole mixture. \
            Give every call the same options. With one shared annotation folder, each \
            rank takes its share of the files (--rank/--world or Slurm's variables):
              rank i:  dataman sample ann --budget 30B --histogram-out h/rank-i.hist
              rank i:  dataman sample ann --budget 30B --histograms h/*.hist --out part-i
            (scripts/slurm/sample.sbatch runs the three steps as Slurm jobs.)

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

    enum MethodName: String, ExpressibleByArgument, CaseIterable {
        case topK = "top-k"
        case uniform, temperature
    }

    enum StratifyName: String, ExpressibleByArgument, CaseIterable {
        case none, domain, source
        case sourceDomain = "source,domain"
    }

    enum PresetName: String, ExpressibleByArgument, CaseIterable {
        case datamanTopK = "dataman-topk"
        case datamanOverall5 = "dataman-overall=5"
        case qurating
    }

    @Argument(help: ArgumentHelp("Annotation files or folders.", valueName: "annotations"))
    var annotations: [String] = []

    @Option(help: ArgumentHelp("Total tokens to select: 30B, 500M, 1.5e9 or a plain integer.", valueName: "tokens"))
    var budget: String?

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("The folder for selection.parquet and report.json.", valueName: "dir")
    )
    var out: String?

    @Option(
        help: ArgumentHelp(
            "A published selection rule; explicit options override it and --where is joined to it with 'and'.",
            valueName: "name"
        )
    )
    var preset: PresetName?

    @Option(help: "top-k, uniform or temperature (default top-k, or the preset's).")
    var method: MethodName?

    @Option(
        help: ArgumentHelp(
            "The score to rank by: a rating column or a sum such as accuracy+coherence.",
            valueName: "ratings"
        )
    )
    var by = "overall_score"

    @Option(help: ArgumentHelp("Temperature of --method temperature.", valueName: "tau"))
    var tau: Double?

    @Option(
        name: .customLong("where"),
        help: ArgumentHelp("Keep only rows matching this expression.", valueName: "expr")
    )
    var filter: String?

    @Option(help: "Strata: none, domain, source or source,domain (default source,domain, or the preset's).")
    var stratify: StratifyName?

    @Option(help: ArgumentHelp("Token shares per domain, e.g. Medicine=0.2,Law=0.1,rest=natural.", valueName: "shares"))
    var domainWeights: String?

    @Option(help: ArgumentHelp("Repeat a short stratum's documents up to this many times.", valueName: "n"))
    var maxEpochs = 1

    @Option(help: "The seed of every random choice.")
    var seed: UInt64 = 0

    @Option(help: "Concurrent readers (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(
        help: ArgumentHelp(
            "2^bits histogram buckets per stratum and score: more bits, more memory (8 bytes a bucket), fewer boundary rows to sort.",
            valueName: "bits"
        )
    )
    var histogramBits = 12

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

    @Option(help: ArgumentHelp("Only compute this node's key histogram and write it to this file.", valueName: "file"))
    var histogramOut: String?

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp(
            "Plan from these merged histogram files (every node's) and select from this node's annotations.",
            valueName: "files"
        )
    )
    var histograms: [String] = []

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp("Combine the parts written with --histograms into one selection.", valueName: "dirs")
    )
    var resolve: [String] = []

    @OptionGroup var ranks: RankOptions

    func validate() throws {
        if !resolve.isEmpty {
            guard annotations.isEmpty, histograms.isEmpty, histogramOut == nil else {
                throw ValidationError("--resolve takes only the parts' folders and --out")
            }
            guard out != nil else { throw ValidationError("--resolve needs --out DIR") }
            return
        }
        guard !annotations.isEmpty else { throw ValidationError("give the annotation files or folders to sample from") }
        guard budget != nil || histogramOut != nil else { throw ValidationError("give --budget, e.g. --budget 30B") }
        guard out != nil || dryRun || histogramOut != nil else {
            throw ValidationError("give --out DIR, or --dry-run for the report only")
        }
        if histogramOut != nil, !histograms.isEmpty {
            throw ValidationError("--histogram-out and --histograms are separate steps")
        }
        if !histograms.isEmpty, dryRun { throw ValidationError("--histograms writes a part; it has no --dry-run") }
        if stats, histogramOut != nil || !histograms.isEmpty {
            throw ValidationError(
                "--stats goes with a plain selection or --dry-run (for a part, run dataman stats on the parts' selection files)"
            )
        }
        if materialize {
            guard shards != nil else {
                throw ValidationError("--materialize needs --shards DIR, the folder the shards were annotated from")
            }
            guard !dryRun, histogramOut == nil, histograms.isEmpty else {
                throw ValidationError(
                    "--materialize goes with a plain selection (not --dry-run, --histogram-out or --histograms)"
                )
            }
        }
        guard maxEpochs >= 1 else { throw ValidationError("--max-epochs must be at least 1") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        if ranks.rank != nil || ranks.world != nil, histogramOut == nil, histograms.isEmpty {
            throw ValidationError(
                "--rank/--world pick this rank's files for the --histogram-out and --histograms passes; a plain sample reads every file"
            )
        }
        if histogramOut != nil || !histograms.isEmpty { _ = try ranks.resolve() }
        guard (1...16).contains(histogramBits) else { throw ValidationError("--histogram-bits must be 1...16") }
        if let tau, !(tau > 0 && tau.isFinite) { throw ValidationError("--tau must be a positive number") }
        if tau != nil, resolvedMethodName != .temperature {
            throw ValidationError("--tau applies to --method temperature only")
        }
    }

    private var presetRule: SamplePreset? { preset.flatMap { SamplePreset(rawValue: $0.rawValue) } }

    /// The files of this rank in the --histogram-out and --histograms passes (all of them otherwise):
    /// a whole shard's annotations go to the rank that annotated it.
    private func rankShare(of annotations: AnnotationSet) throws -> AnnotationSet {
        guard histogramOut != nil || !histograms.isEmpty else { return annotations }
        let rank = try ranks.resolve()
        guard rank.world > 1 else { return annotations }
        let mine = annotations.files.filter { file in
            rank.owns(
                file.metadata[AnnotationMetadataKeys.inputLines].map { "\(file.inputPath)#\($0)" } ?? file.inputPath
            )
        }
        print("\(rank): \(mine.count) of \(annotations.files.count) annotation files")
        return try AnnotationSet(files: mine)
    }

    private var resolvedMethodName: MethodName {
        if let method { return method }
        switch presetRule?.method {
        case .uniform?: return .uniform
        case .temperature?: return .temperature
        case .topK?, nil: return .topK
        }
    }

    func run() async throws {
        do {
            if !resolve.isEmpty {
                let report = try SelectionPart.resolve(
                    parts: resolve.map { URL(fileURLWithPath: $0) },
                    output: URL(fileURLWithPath: out!),
                    budget: try budget.map { try TokenBudget.parse($0) }
                )
                print(report.text)
                print(
                    "wrote \(out!)/boundary-selection.parquet and \(out!)/report.json; the selection is every part's selection.parquet plus boundary-selection.parquet"
                )
                return
            }
            let configuration = try configuration()
            let sampler = try Sampler(
                configuration: configuration,
                annotations: try rankShare(of: AnnotationSet.open(annotations.map { URL(fileURLWithPath: $0) }))
            )
            if let histogramOut {
                let histogram = try await sampler.histogram()
                try HistogramFile.write(
                    histogram,
                    configuration: configuration,
                    annotations: sampler.annotations,
                    to: URL(fileURLWithPath: histogramOut)
                )
                print(
                    "wrote \(histogramOut): \(histogram.counts.rows) rows of \(sampler.annotations.files.count) files in \(histogram.strata.count) strata"
                )
                return
            }
            if !histograms.isEmpty {
                let merged = try HistogramFile.merge(
                    histograms.map { URL(fileURLWithPath: $0) },
                    configuration: configuration,
                    local: sampler.annotations
                )
                let report = try await sampler.runPart(histogram: merged, output: URL(fileURLWithPath: out!))
                print(report.text)
                print(
                    "wrote this part to \(out!) (selection.parquet, boundary.parquet, report.json); combine the parts with --resolve"
                )
                return
            }
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
            if let mixture {
                let pool = try await StatsScanner.scan(
                    sampler.annotations,
                    options: StatsOptions(
                        filter: configuration.filter,
                        threads: threads,
                        skipErrorRows: true
                    )
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
        } catch let error as ExpressionError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        } catch let error as SamplingError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    private func configuration() throws -> SampleConfiguration {
        // A histogram does not depend on the budget, so --histogram-out needs none.
        var configuration = SampleConfiguration(budget: try budget.map { try TokenBudget.parse($0) } ?? 1)
        let rule = presetRule
        switch resolvedMethodName {
        case .topK: configuration.method = .topK
        case .uniform: configuration.method = .uniform
        case .temperature:
            if case .temperature(let presetTau)? = rule?.method {
                configuration.method = .temperature(tau: tau ?? presetTau)
            } else {
                configuration.method = .temperature(tau: tau ?? 2)
            }
        }
        configuration.score = try RatingSum(parsing: by)
        configuration.filter = RowFilter.all(
            [try rule?.filter, try filter.map { try RowFilter(parsing: $0) }].compactMap { $0 }
        )
        if let stratify {
            configuration.stratification = Stratification(rawValue: stratify.rawValue)!
        } else if let rule {
            configuration.stratification = rule.stratification
        }
        configuration.domainWeights = try domainWeights.map { try DomainWeights(parsing: $0) }
        configuration.maxEpochs = maxEpochs
        configuration.seed = seed
        configuration.threads = threads
        configuration.histogramBits = histogramBits
        return configuration
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
