import Annotations
import ArgumentParser
import DistilledRater
import Foundation
import Stats

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Learn a fast student rater from a teacher's annotations; rate with it by --rater model:PATH.",
        discussion: """
            ANNOTATIONS are annotation files or folders written by `dataman annotate` with the \
            teacher (any rater: the DataMan model over HTTP, an LLM with the super-rater prompt, the \
            heuristic). Each file's shard is read back from --shards (the folder given to annotate) \
            in line order beside the file's rows. Rows with an error or without all 14 ratings and \
            a domain are skipped and counted. A fraction --holdout of the documents, chosen by \
            (--seed, id_hash), is kept out of training and used to measure how well the student \
            agrees with the teacher, printed at the end (as `dataman compare` prints it).

            Labels you know better than the teacher (a source's known domain, a text you damaged on \
            purpose) go in a record field named by --labels-field; they replace the teacher's labels \
            they name, for that document only. scripts/builtin/train.sh trains the shipped \
            `--rater builtin` model this way.

            The model: the words (with --word-ngrams 2 also word pairs, with --char-ngrams \
            character n-grams) of the first --head-bytes and last --tail-bytes of each text, hashed \
            with XXH3 into 2^--bucket-bits \
            rows of --dimensions-wide embeddings, averaged, beside a few statistics of the whole \
            text (length, lines, repetition, character classes); a softmax head for the domain and \
            one per criterion over ratings 1-5, trained together with SGD for --epochs, as \
            fastText trains its classifiers.

            Reproducible: the same inputs, settings and --seed give the same model file bytes for \
            any --threads (the threads compute features; the updates are applied in one seeded \
            order on one thread). The file is versioned and self-describing: its settings, the \
            criteria version, the teacher (rater kind, model, prompt hash) and a hash of the \
            training set; `dataman annotate --rater model:MODEL` names it and its hash in the \
            provenance.

            Examples:
              dataman annotate sample-shards --out teacher --rater dataman --endpoint http://gpu1:8000/v1 --model DataMan-1.5B-EN
              dataman train teacher --shards sample-shards --out student.dmm
              dataman annotate corpus --out ann --rater model:student.dmm
              dataman compare teacher-on-heldout ann-on-heldout
              dataman train teacher --shards s --out m.dmm --dimensions 32 --bucket-bits 20 --char-ngrams 3-5
            """
    )

    @Argument(help: ArgumentHelp("The teacher's annotation files or folders.", valueName: "annotations"))
    var annotations: [String]

    @Option(help: ArgumentHelp("The folder the annotated shards were read from.", valueName: "dir"))
    var shards: String

    @Option(name: .shortAndLong, help: ArgumentHelp("The model file to write.", valueName: "model"))
    var out: String

    @Option(
        help: ArgumentHelp(
            """
            A record field of labels that replace the teacher's where present: NAME=VALUE pairs joined \
            by commas, e.g. "domain=C,coherence=1" (domain: a letter A-O or a name; a rating column: 1-5).
            """,
            valueName: "field"
        )
    )
    var labelsField: String?

    @Option(help: ArgumentHelp("The share of documents kept out of training to measure agreement.", valueName: "f"))
    var holdout = 0.1

    @Option(help: "Seeds the holdout, the initial weights and the order of the documents.")
    var seed: UInt64 = 0

    @Option(help: "Threads computing features (the result does not depend on it); default: all cores.")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Passes over the training documents.")
    var epochs = TrainingOptions().epochs

    @Option(help: ArgumentHelp("The starting SGD step, decayed linearly to 0.", valueName: "rate"))
    var learningRate = TrainingOptions().learningRate

    @Option(help: "The embedding width shared by the 15 heads.")
    var dimensions = FeatureSettings().dimensions

    @Option(help: ArgumentHelp("2^bits hash buckets (embedding rows).", valueName: "bits"))
    var bucketBits = FeatureSettings().bucketBits

    @Option(help: ArgumentHelp("Word n-grams up to this order: 0, 1 or 2.", valueName: "n"))
    var wordNgrams = FeatureSettings().wordOrder

    @Option(help: ArgumentHelp("Character n-gram orders MIN-MAX, or 0 for none.", valueName: "min-max"))
    var charNgrams = FeatureSettings().charMax == 0 ? "0" : "\(FeatureSettings().charMin)-\(FeatureSettings().charMax)"

    @Option(help: ArgumentHelp("Hashed features come from this many first bytes of a text...", valueName: "bytes"))
    var headBytes = FeatureSettings().headBytes

    @Option(help: ArgumentHelp("...and this many last bytes.", valueName: "bytes"))
    var tailBytes = FeatureSettings().tailBytes

    @Flag(help: "Leave out the whole-text statistics (length, lines, repetition, character classes).")
    var noDense = false

    @Option(
        name: .customLong("criteria"),
        help: ArgumentHelp("A criteria folder to use instead of the repository's.", valueName: "dir")
    )
    var criteriaFolder: String?

    @Flag(name: .shortAndLong, help: "No progress lines.")
    var quiet = false

    @OptionGroup var logging: LoggingOptions

    var settings: FeatureSettings {
        get throws {
            var settings = FeatureSettings()
            settings.dimensions = dimensions
            settings.bucketBits = bucketBits
            settings.wordOrder = wordNgrams
            let orders = charNgrams.split(separator: "-").map { Int($0) }
            switch orders.count {
            case 1 where orders[0] == 0: settings.charMax = 0
            case 1: (settings.charMin, settings.charMax) = (orders[0] ?? -1, orders[0] ?? -1)
            case 2: (settings.charMin, settings.charMax) = (orders[0] ?? -1, orders[1] ?? -1)
            default: throw ValidationError("--char-ngrams \(charNgrams) is not MIN-MAX (e.g. 3-5), N or 0")
            }
            settings.headBytes = headBytes
            settings.tailBytes = tailBytes
            settings.denseFeatures = !noDense
            if let problem = settings.problem { throw ValidationError(problem) }
            return settings
        }
    }

    private func relabeledNote(_ training: TrainingSet) -> String {
        guard let labelsField else { return "" }
        return "; \(training.relabeled) documents relabeled from their '\(labelsField)' field"
    }

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard (0..<1).contains(holdout) else { throw ValidationError("--holdout must be at least 0 and below 1") }
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1") }
        guard learningRate > 0, learningRate.isFinite else { throw ValidationError("--learning-rate must be positive") }
        _ = try settings
    }

    func run() throws {
        logging.bootstrap()
        let criteria = try loadCriteria(criteriaFolder)
        let settings = try settings
        let started = Date()
        let set = try AnnotationSet.open(annotations.map { URL(fileURLWithPath: $0) })
        let reader = TrainingSetReader(
            settings: settings,
            domains: criteria.domains.map(\.name),
            holdoutFraction: holdout,
            seed: seed,
            labelsField: labelsField
        )
        let training = try reader.read(set, shardsRoot: URL(fileURLWithPath: shards))
        guard !training.training.isEmpty else {
            throw TrainingError.noTrainingDocuments(rated: training.holdout.count)
        }
        note(
            """
            read \(training.training.count) training and \(training.holdout.count) holdout documents from \
            \(set.files.count) files in \(seconds(since: started)) (skipped \(training.errorRows) error rows and \
            \(training.unratedRows) unrated); teacher \(training.teacher.summary)\(relabeledNote(training))
            """
        )
        var options = TrainingOptions()
        options.epochs = epochs
        options.learningRate = learningRate
        options.seed = seed
        options.threads = threads
        let trainingStarted = Date()
        let model = ModelTrainer.train(training.training, settings: settings, options: options) { report in
            note(String(format: "epoch %d: loss %.4f, %.1f s", report.epoch, report.loss, report.seconds))
        }
        let trainingSeconds = Date().timeIntervalSince(trainingStarted)
        let header = ModelHeader(
            settings: settings,
            criteriaVersion: training.criteriaVersion,
            criteria: criteria.columns,
            domains: criteria.domains.map(\.name),
            teacher: training.teacher,
            training: TrainingSummary(set: training, holdoutFraction: holdout, options: options)
        )
        let url = URL(fileURLWithPath: out)
        try ModelFile.write(model, header: header, to: url)
        // The holdout is measured with the model as the file holds it (quantized), read back.
        let saved = try ModelFile.read(url)
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        note(
            String(
                format: "wrote %@ (%.1f MB, xxh3 %@); trained %d documents in %.1f s (%.0f documents/s)",
                url.path,
                Double(size) / 1e6,
                saved.hash,
                training.training.count,
                trainingSeconds,
                Double(training.training.count * epochs) / max(trainingSeconds, 1e-9)
            )
        )
        guard !training.holdout.isEmpty else { return }
        let report = HoldoutEvaluation.agreement(saved.model, on: training.holdout)
        print("holdout agreement with the teacher (\(training.holdout.count) documents):")
        print(TerminalAgreementReport(report, style: TerminalStyle.forStandardOutput()).render(confusion: false))
        print(
            String(
                format:
                    "holdout: domain accuracy %.3f, mean exact accuracy %.3f, mean within-one %.3f, mean Spearman %.3f",
                report.domain.accuracy ?? 0,
                report.mean(\.accuracy) ?? 0,
                report.mean(\.withinOne) ?? 0,
                report.mean(\.spearman) ?? 0
            )
        )
    }

    private func note(_ text: String) {
        guard !quiet else { return }
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    private func seconds(since start: Date) -> String {
        String(format: "%.1f s", Date().timeIntervalSince(start))
    }
}
