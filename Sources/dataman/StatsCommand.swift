import Annotations
import ArgumentParser
import Foundation
import Stats

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show how ratings, domains and sources spread in annotation files: tables, an HTML report, JSON.",
        discussion: """
            ANNOTATIONS are annotation files or folders (walked recursively) written by \
            `dataman annotate`, or selections written by `dataman sample` \
            (OUT/selection.parquet): a selection describes the mixture as training will \
            see it, so a document repeated in later epochs counts once per epoch. One streaming pass, in parallel over row groups, counts \
            per criterion the documents and tokens at each rating 1-5 (from which the \
            mean and quantiles follow exactly), the domain and source composition, the \
            error rows, and for every pair of criteria the 5 x 5 table of rating \
            combinations. Pearson's r and Spearman's rho come from those tables: with \
            five possible ratings, every document with rating v shares one mid-rank, \
            fixed by the counts below and at v, so Spearman's rho (ties averaged, as in \
            scipy and pandas) is exact without keeping any row. Memory stays bounded \
            whatever the number of rows.

            The terminal shows, per criterion, the share of documents and of tokens at \
            each rating with bars, the mean and quartiles (Q1 Q2 Q3, DuckDB's \
            quantile_disc); the mean rating per domain; domains and sources by documents \
            and tokens; error counts; and the 14 x 14 correlations (Pearson below the \
            diagonal, Spearman above, in hundredths). Colour is used only when standard \
            output is a terminal (see --color, NO_COLOR).

            --by domain|source repeats every table for each group. --where keeps only \
            matching rows (the expression language of `dataman sample`: ratings, tokens, \
            domain, source; ==, !=, <, <=, >, >=, in [...], and, or, not).

            --html writes one self-contained page (inline SVG and CSS, no script, no \
            network): histograms per criterion, a criterion x domain heat map of mean \
            ratings, correlation heat maps, composition, the command that made it, \
            provenance and totals. --json writes every count (they add up across runs) \
            and the derived means, quantiles and correlations. --examples N with \
            --shards DIR (the folder given to `dataman annotate`) adds the first lines \
            of N documents at the highest and N at the lowest rating of each criterion \
            (among ties, a fixed sample keyed by id_hash), read back from the shards by \
            their offsets.

            Examples:
              dataman stats annotations
              dataman stats annotations --by domain --where 'overall_score >= 4'
              dataman stats annotations --html report.html --examples 3 --shards shards
              dataman stats annotations --json stats.json --color never > stats.txt
            """
    )

    enum ColourChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Argument(help: ArgumentHelp("Annotation files or folders.", valueName: "annotations"))
    var annotations: [String]

    @Option(help: "Repeat every table per domain or per source.")
    var by: StatsGrouping?

    @Option(
        name: .customLong("where"),
        help: ArgumentHelp("Count only rows matching this expression.", valueName: "expr")
    )
    var filter: String?

    @Option(help: ArgumentHelp("Write a self-contained HTML report here.", valueName: "file"))
    var html: String?

    @Option(help: ArgumentHelp("Write the aggregates as JSON here.", valueName: "file"))
    var json: String?

    @Option(
        help: ArgumentHelp(
            "Show the N highest- and N lowest-rated documents per criterion (needs --shards).",
            valueName: "n"
        )
    )
    var examples = 0

    @Option(help: ArgumentHelp("The folder the annotated shards were read from, for --examples.", valueName: "dir"))
    var shards: String?

    @Option(help: "Concurrent readers (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Colour in the terminal tables: auto (when standard output is a terminal), always or never.")
    var color: ColourChoice = .auto

    @Flag(name: .shortAndLong, help: "Print no tables (with --html or --json).")
    var quiet = false

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard (0...100).contains(examples) else { throw ValidationError("--examples must be between 0 and 100") }
        if examples > 0, shards == nil {
            throw ValidationError("--examples needs --shards DIR, the folder the annotated shards are in")
        }
        if shards != nil, examples == 0 { throw ValidationError("--shards is only used with --examples N") }
        if quiet, html == nil, json == nil {
            throw ValidationError("--quiet prints nothing; give --html FILE or --json FILE")
        }
    }

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        logging.bootstrap()
        let set = try AnnotationSet.open(annotations.map { URL(fileURLWithPath: $0) })
        let options = StatsOptions(
            grouping: by,
            filter: try filter.map { try RowFilter(parsing: $0) },
            examples: examples,
            threads: threads
        )
        let result = try await StatsScanner.scan(set, options: options)
        let texts = try shards.map { try ExampleReader(shardRoot: URL(fileURLWithPath: $0)).read(result.examples) }
        let context = ReportContext(
            commandLine: Self.commandLine(),
            provenance: StatsProvenance(set),
            filter: filter,
            warnings: set.warnings
        )
        if let json {
            try StatsJSON.write(result.stats, context: context, examples: texts, to: URL(fileURLWithPath: json))
        }
        if let html {
            try HTMLReport.write(result.stats, context: context, examples: texts, to: URL(fileURLWithPath: html))
        }
        if !quiet {
            let style =
                switch color {
                case .auto: TerminalStyle.forStandardOutput()
                case .always: TerminalStyle(colour: true)
                case .never: TerminalStyle(colour: false)
                }
            print(
                TerminalReport(style: style).render(result.stats, context: context, examples: texts),
                terminator: ""
            )
        }
    }

    /// The command as typed, quoted so it can be pasted back into a shell.
    static func commandLine() -> String {
        (["dataman"] + CommandLine.arguments.dropFirst()).map(shellQuoted).joined(separator: " ")
    }

    private static func shellQuoted(_ argument: String) -> String {
        let plain = argument.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || "0123456789-_./=:,+@%".unicodeScalars.contains($0))
        }
        return plain && !argument.isEmpty ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

extension StatsGrouping: ExpressibleByArgument {}
