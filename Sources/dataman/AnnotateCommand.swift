import ArgumentParser
import Criteria
import DistilledRater
import Foundation
import HTTPRating
import HeuristicRating
import Pipeline
import Rating
import Tokenizers

struct AnnotateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotate",
        abstract: "Rate every document of JSONL or Parquet shards and write one Parquet annotation file per shard.",
        discussion: """
            INPUTS are shard files or folders (walked recursively) of JSONL, plain or compressed with \
            zstd, lz4 (frame) or gzip (the codec is detected from the file's first bytes), and Parquet \
            files (.parquet, as datatrove, pyarrow, polars, DuckDB or Hugging Face write them: any of \
            their codecs and encodings). In a Parquet file the text, id and source fields are columns, \
            dotted paths reaching into struct columns (--source-field metadata.dump); its other columns \
            are not read. It is read page by page: memory holds about one compressed and one \
            decompressed page per column read (plus each column's dictionary), however large its row \
            groups are. For a Parquet row, `line` and `offset` both hold the row number in the file \
            (from 0) and `length` the text's UTF-8 bytes. Each shard \
            becomes OUT/<its path below the input folder>.parquet with the columns doc_id, id_hash, \
            line, offset, length, source, tokens, the 14 ratings (int8, DataMan's column names), domain \
            and error, plus provenance in the file's key-value metadata.

            A bad record (not JSON, no text field, invalid UTF-8, a broken escape) becomes a row with \
            `error` set and is counted in the summary; --strict stops at the first one instead. A shard \
            whose compressed stream is truncated or corrupt is not written, and the run goes on.

            Rerunning into the same --out skips the shards already finished, so a killed run resumes \
            where it stopped. An --out made with another rater, tokenizer or criteria is refused \
            unless --force. --retry-errors annotates again the files that have error rows, sending \
            only those rows to the rater (the rated rows are kept), e.g. after a server outage.

            On a cluster, N processes share one --out: each takes the shards whose relative path \
            hashes to its rank (--rank/--world, or Slurm's array or task variables) and writes only \
            its own files, including its manifest _dataman.rank-IIII-of-NNNN.json. A rank that died \
            is rerun alone and resumes; `dataman status OUT` shows what is done, running, failed or \
            missing. --split-lines N cuts shards of at least --split-min-size into pieces of N lines, \
            dealt out over the ranks, so that one huge file does not hold one node for hours (each \
            rank skims such a shard to find its pieces). A Parquet file is cut between row groups \
            only (a piece is the row groups that start in its N rows) and a rank reads just its own.

            Examples:
              dataman annotate shards --out annotations
              dataman annotate /data/slimpajama --out ann --source-field meta.redpajama_set_name
              dataman annotate big.jsonl.zst --out ann --rater none     # measure reading alone
              dataman annotate corpus --out ann --rater model:student.dmm # a student from dataman train
              dataman annotate corpus --out ann --rank 3 --world 16       # one node of 16
              sbatch --array=0-15 scripts/slurm/annotate.sbatch           # the same through Slurm
            """
    )

    enum RaterName: ExpressibleByArgument, Equatable {
        case heuristic, builtin, dataman, none
        /// `model:PATH`: a model trained by `dataman train`.
        case model(String)

        init?(argument: String) {
            switch argument {
            case "heuristic": self = .heuristic
            case "builtin": self = .builtin
            case "dataman": self = .dataman
            case "none": self = .none
            default:
                guard argument.hasPrefix("model:"), argument.count > "model:".count else { return nil }
                self = .model(String(argument.dropFirst("model:".count)))
            }
        }
    }

    @Argument(help: ArgumentHelp("Shard files or folders.", valueName: "inputs"))
    var inputs: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("The folder for the annotation files.", valueName: "dir"))
    var out: String

    @Option(
        help:
            "heuristic: the embedded rater, no model needed. dataman: the DataMan model (or any LLM) behind OpenAI-compatible --endpoint servers. model:PATH: a student trained by `dataman train`. builtin: the shipped student (criteria/builtin/; faster than heuristic but worse on unseen sources, see README). none: only read, count tokens and write (no ratings)."
    )
    var rater: RaterName = .heuristic

    @Option(
        name: .customLong("endpoint"),
        help: ArgumentHelp(
            "--rater dataman: a server's base URL, e.g. http://127.0.0.1:8000/v1; repeat for several.",
            valueName: "url"
        )
    )
    var endpoints: [String] = []

    @Option(help: ArgumentHelp("--rater dataman: the served model's name.", valueName: "name"))
    var model: String?

    @Option(
        help:
            "--rater dataman: all_rating (14 ratings and the domain) or super (the GPT super-rater prompt). score_only and domain_only give partial ratings that annotation files cannot hold yet."
    )
    var prompt: DataManPromptKind = .allRating

    @Option(help: "--rater dataman: the prompt language; auto picks per document.")
    var language: DataManLanguage = .en

    @Option(help: "--rater dataman: completions (the ChatML prompt on /v1/completions) or chat (/v1/chat/completions).")
    var api: DataManAPI = .completions

    @Option(help: ArgumentHelp("--rater dataman: the environment variable holding the API key.", valueName: "var"))
    var apiKeyEnv: String?

    @Option(help: "--rater dataman: requests in flight across all endpoints at most.")
    var concurrency = 64

    @Option(
        help: ArgumentHelp(
            """
            --rater dataman: how many times an answer in the wrong format is asked again before the \
            document becomes an error row. The prompt is sent at temperature 0, so a server that decodes \
            greedily tends to repeat itself; 0 saves the time there (with a grammar, answers always parse).
            """,
            valueName: "n"
        )
    )
    var reasks = DataManRaterConfiguration.defaultReasks

    @Option(
        help: ArgumentHelp(
            """
            --rater dataman: a JSON object whose fields are added to every request, e.g. llama.cpp's \
            '{"grammar": "..."}' or vLLM's '{"guided_regex": "..."}' to hold the output to DataMan's format. \
            It cannot set model, prompt, messages, temperature, max_tokens or stop.
            """,
            valueName: "json"
        )
    )
    var extraBody: String?

    @Option(
        help: ArgumentHelp(
            """
            How the tokens column is counted: qwen2 (shipped, exact; the default), qwen2.5, qwen3, a \
            tokenizer.json or tiktoken file (cl100k_base=PATH for tiktoken files), or estimate (bytes/4, fast).
            """,
            valueName: "name|path"
        )
    )
    var tokenizer = TokenCounters.defaultReference

    @Option(help: ArgumentHelp("The JSON field holding the text; dots reach into objects.", valueName: "path"))
    var textField = "text"

    @Option(
        help: ArgumentHelp(
            "The JSON field holding the document id (a string or a number); documents without one get <shard>:<line>.",
            valueName: "path"
        )
    )
    var idField = "id"

    @Option(
        help: ArgumentHelp(
            "The JSON field naming the document's source, e.g. meta.redpajama_set_name; by default the shard's top folder.",
            valueName: "path"
        )
    )
    var sourceField: String?

    @Option(help: "Concurrent rating tasks; the default is the number of cores.")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp("Longer lines become error rows without being held in memory.", valueName: "bytes"))
    var maxLineBytes = 256 << 20

    @Option(
        help: ArgumentHelp("Rows per Parquet row group; memory for one group is held per shard.", valueName: "rows")
    )
    var rowGroupRows = 65_536

    @Option(
        name: .customLong("criteria"),
        help: ArgumentHelp(
            "A criteria folder to use instead of the repository's (found above the executable, or set DATAMAN_CRITERIA).",
            valueName: "dir"
        )
    )
    var criteriaFolder: String?

    @Flag(help: "Stop at the first bad record instead of writing it as an error row.")
    var strict = false

    @Flag(help: "Annotate into an --out made with another rater, tokenizer or criteria, redoing every shard.")
    var force = false

    @Flag(name: .shortAndLong, help: "No progress line.")
    var quiet = false

    @Flag(help: "Annotate again the files with error rows; only those rows go to the rater.")
    var retryErrors = false

    @OptionGroup var ranks: RankOptions

    @Option(
        help: ArgumentHelp(
            "Cut shards of at least --split-min-size into pieces of this many lines, dealt out over the ranks.",
            valueName: "n"
        )
    )
    var splitLines: Int64?

    @Option(
        help: ArgumentHelp(
            "With --split-lines: the smallest shard that is cut (bytes on disk; K, M, G suffixes, powers of 1024).",
            valueName: "size"
        )
    )
    var splitMinSize = "256M"

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard maxLineBytes >= 1 else { throw ValidationError("--max-line-bytes must be positive") }
        guard rowGroupRows >= 1 else { throw ValidationError("--row-group-rows must be positive") }
        if let splitLines, splitLines < 1 { throw ValidationError("--split-lines must be at least 1") }
        guard Self.byteSize(splitMinSize) != nil else {
            throw ValidationError("--split-min-size \(splitMinSize) is not a size such as 256M, 4G or 1000000")
        }
        if rater == .dataman {
            guard !endpoints.isEmpty, model != nil else {
                throw ValidationError("--rater dataman needs --endpoint and --model")
            }
            guard prompt == .allRating || prompt == .superRater else {
                throw ValidationError(
                    "--prompt \(prompt.rawValue) gives partial ratings that annotation files cannot hold; use all_rating or super"
                )
            }
            guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
            guard reasks >= 0 else { throw ValidationError("--reasks cannot be negative") }
        }
    }

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        logging.bootstrap()
        let criteria = try loadCriteria(criteriaFolder)
        var options = AnnotateOptions(
            inputs: inputs.map { URL(fileURLWithPath: $0) },
            output: URL(fileURLWithPath: out)
        )
        options.textField = textField
        options.idField = idField
        options.sourceField = sourceField
        options.threads = threads
        if rater == .dataman {
            // Enough batches in flight that --concurrency requests stay busy while a batch is written.
            options.threads = max(threads, 2 * ((concurrency + options.batchDocuments - 1) / options.batchDocuments))
        }
        options.maxLineBytes = maxLineBytes
        options.rowGroupRows = rowGroupRows
        options.strict = strict
        options.force = force
        options.retryErrors = retryErrors
        options.rank = try ranks.resolve()
        options.splitting = splitLines.map { ShardSplitting(lines: $0, minimumBytes: Self.byteSize(splitMinSize)!) }

        let counter = try loadTokenCounter(tokenizer)
        let chosenRater: any Rater
        switch rater {
        case .heuristic: chosenRater = try HeuristicRater(criteria: criteria)
        case .none: chosenRater = NoRater()
        case .model(let path):
            chosenRater = try DistilledRater(contentsOf: URL(fileURLWithPath: path), criteria: criteria)
        case .builtin: chosenRater = try DistilledRater.builtin(criteria: criteria)
        case .dataman:
            // DataMan truncates with Qwen2's tokenizer; the default token counter is that one.
            let qwen2 = tokenizer == TokenCounters.defaultReference ? counter as? Tokenizer : nil
            chosenRater = try await makeDataManRater(
                criteria: criteria,
                tokenizer: try qwen2 ?? Tokenizer.named("qwen2")
            )
        }
        // First SIGINT/SIGTERM: abandon the shard in progress and exit after saying how to resume.
        // Second one: exit at once (committed shards are safe either way; only a .tmp file is left).
        let stop = StopRequest()
        let signalSources = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                guard stop.request(signal: number) else { _exit(128 + number) }
                FileHandle.standardError.write(
                    Data(
                        "\nstopping: the shard in progress, if any, is abandoned (signal again to stop at once)\n".utf8
                    )
                )
            }
            source.resume()
            return source
        }
        defer { for source in signalSources { source.cancel() } }
        let annotator = Annotator(
            options: options,
            rater: chosenRater,
            tokenCounter: counter,
            criteria: criteria,
            showProgress: !quiet,
            stop: stop
        )
        let outcome: Result<RunSummary, any Error>
        do { outcome = .success(try await annotator.run()) } catch { outcome = .failure(error) }
        // An HTTP rater's connections and threads end before the process reports and exits.
        await chosenRater.shutdown()
        let summary: RunSummary
        do {
            summary = try outcome.get()
        } catch let stopped as RunStopped {
            let command = CommandLine.arguments.map { argument in
                argument.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:,".contains($0) }) && !argument.isEmpty
                    ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
            }.joined(separator: " ")
            FileHandle.standardError.write(
                Data("\n\(stopped)\nto resume, run the same command again:\n  \(command)\n".utf8)
            )
            throw ExitCode(128 + stopped.signal)
        }
        FileHandle.standardError.write(Data((summary.report + "\n").utf8))
        if !summary.failedShards.isEmpty {
            FileHandle.standardError.write(Data("rerun the same command to retry the shards not written\n".utf8))
            throw ExitCode(1)
        }
    }
}

extension AnnotateCommand {
    /// 256M, 4G, 1000000: bytes, with binary K/M/G/T suffixes.
    static func byteSize(_ text: String) -> Int64? {
        let units: [Character: Int64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        guard let last = text.uppercased().last else { return nil }
        let scale = units[last] ?? 1
        let digits = units[last] == nil ? Substring(text) : text.dropLast()
        guard let value = Int64(digits), value >= 0 else { return nil }
        return value.multipliedReportingOverflow(by: scale).overflow ? nil : value * scale
    }

    /// Builds the DataMan rater and checks every endpoint before any shard is read.
    func makeDataManRater(criteria: CriteriaSet, tokenizer: Tokenizer) async throws -> DataManRater {
        var configuration = DataManRaterConfiguration(
            endpoints: try endpoints.map { text in
                guard let url = URL(string: text) else {
                    throw DataManError.configuration("--endpoint \(text) is not a URL")
                }
                return url
            },
            model: model ?? ""
        )
        configuration.prompt = prompt
        configuration.language = language
        configuration.api = api
        configuration.concurrency = concurrency
        configuration.maxReasks = reasks
        if let extraBody { configuration.extraBody = try DataManExtraBody(json: extraBody) }
        if let apiKeyEnv {
            guard let key = ProcessInfo.processInfo.environment[apiKeyEnv], !key.isEmpty else {
                throw DataManError.configuration("--api-key-env \(apiKeyEnv): the variable is not set")
            }
            configuration.apiKey = key
        }
        let rater = try DataManRater(configuration: configuration, criteria: criteria, tokenizer: tokenizer)
        do {
            try await rater.checkHealth()
        } catch {
            await rater.shutdown()
            throw error
        }
        return rater
    }
}

extension DataManPromptKind: ExpressibleByArgument {}
extension DataManLanguage: ExpressibleByArgument {}
extension DataManAPI: ExpressibleByArgument {}
