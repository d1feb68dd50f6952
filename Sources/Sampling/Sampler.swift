import Annotations
import FileIO
import Foundation

/// Selects documents from annotation files to a token budget in two streaming passes: the first
/// builds a token-weighted histogram of keys per stratum and decides where each stratum's order
/// is cut, the second takes the rows above the cuts and orders only the boundary rows exactly.
/// Memory is the histogram plus a few row groups in flight, whatever the number of rows.
public struct Sampler: Sendable {
    public let configuration: SampleConfiguration
    public let annotations: AnnotationSet

    public init(configuration: SampleConfiguration, annotations: AnnotationSet) throws {
        guard configuration.maxEpochs >= 1 else { throw SamplingError.invalidOption("--max-epochs must be at least 1") }
        guard configuration.threads >= 1 else { throw SamplingError.invalidOption("--threads must be at least 1") }
        guard (1...16).contains(configuration.histogramBits) else {
            throw SamplingError.invalidOption("histogram bits must be 1...16")
        }
        if case .temperature(let tau) = configuration.method, !(tau > 0 && tau.isFinite) {
            throw SamplingError.invalidOption("--tau must be a positive number, not \(tau)")
        }
        if let selection = annotations.files.first(where: \.isSelection) {
            throw SamplingError.unusableInput(
                "\(selection.url.path) is a selection written by dataman sample; sample from the annotation files it came from"
            )
        }
        self.configuration = configuration
        self.annotations = annotations
    }

    /// The first pass.
    public func histogram() async throws -> PoolHistogram {
        try await HistogramPass.run(annotations.files, configuration)
    }

    /// The budgets and cuts that follow from a histogram (this call's, or one merged from many nodes).
    public func plan(_ histogram: PoolHistogram) throws -> SelectionPlan {
        try SelectionPlan(histogram: histogram, configuration: configuration)
    }

    /// The second pass: sends the selected rows to `sink` and reports the achieved mixture.
    public func select(
        _ plan: SelectionPlan,
        into sink: SelectionSink,
        dryRun: Bool = false
    ) async throws -> SampleReport {
        var result = try await SelectionPass.run(annotations.files, configuration, plan, sink: sink)
        guard result.counts == plan.histogram.counts else {
            throw SamplingError.annotationsChanged(
                "the annotation files changed between the two passes (\(result.counts.rows) rows now, \(plan.histogram.counts.rows) before); run again"
            )
        }
        let boundary = SelectionPass.resolve(
            result.boundary,
            outcomes: &result.outcomes,
            strata: plan.strata.keys,
            rounding: configuration.rounding
        ) { key in
            (plan.strata[key]!.fullEpochs, plan.strata[key]!.partialBudget)
        }
        try sink.write(boundary)
        var report = report(plan, result.outcomes, dryRun: dryRun)
        report.boundaryRows = Int64(boundary.count)
        return report
    }

    /// Both passes; writes `selection.parquet` and `report.json` into `output` unless `dryRun`.
    /// `observer`, when given, also receives every selected row (e.g. to describe the mixture).
    public func run(output: URL, dryRun: Bool, observer: SelectionSink? = nil) async throws -> SampleReport {
        let plan = try self.plan(try await histogram())
        if dryRun { return try await select(plan, into: observer ?? DiscardingSink(), dryRun: true) }
        let writer = try SelectionFileWriter(
            destination: output.appendingPathComponent("selection.parquet"),
            metadata: metadata
        )
        let report: SampleReport
        do {
            report = try await select(plan, into: observer.map { TeeSink(writer, $0) } ?? writer)
            try writer.commit(boundaryRows: report.boundaryRows)
        } catch {
            writer.abandon()
            throw error
        }
        try AtomicFileWriter.write(try report.json(), to: output.appendingPathComponent("report.json"))
        return report
    }

    /// Provenance of the selection: the rule and the annotations it was applied to.
    public var metadata: [(key: String, value: String)] {
        [
            ("dataman.sample.budget", String(configuration.budget)),
            ("dataman.sample.method", configuration.method.description),
            ("dataman.sample.by", configuration.score.description),
            ("dataman.sample.where", configuration.filter?.text ?? ""),
            ("dataman.sample.stratify", configuration.stratification.rawValue),
            ("dataman.sample.domain_weights", configuration.domainWeights?.description ?? ""),
            ("dataman.sample.max_epochs", String(configuration.maxEpochs)),
            ("dataman.sample.rounding", configuration.rounding.rawValue),
            ("dataman.sample.seed", String(configuration.seed)),
            ("dataman.sample.key", "splitmix64(id_hash ^ splitmix64(seed)); see SelectionOrder"),
            ("dataman.sample.files", String(annotations.files.count)),
        ] + provenance.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
    }

    /// The annotations' criteria version, tokenizer, schema version and rater, under the keys of an
    /// annotation file, so a selection opens as one (`AnnotationFile`). The set has one criteria
    /// version, tokenizer and schema; raters may differ, and then all are named.
    var provenance: [String: String] {
        let files = annotations.files
        let kinds = Set(files.map { $0.metadata[AnnotationMetadataKeys.raterKind] ?? "unknown" }).sorted()
        let models = Set(files.map { $0.metadata[AnnotationMetadataKeys.raterModel] ?? "" }).sorted()
        return [
            AnnotationMetadataKeys.criteriaVersion: files.first?.criteriaVersion ?? "",
            AnnotationMetadataKeys.tokenizer: files.first?.tokenizer ?? "",
            AnnotationMetadataKeys.schemaVersion: files.first?.schemaVersion ?? "",
            AnnotationMetadataKeys.raterKind: kinds.joined(separator: ","),
            AnnotationMetadataKeys.raterModel: models.joined(separator: ","),
        ]
    }

    func report(_ plan: SelectionPlan, _ outcomes: [StratumKey: StratumOutcome], dryRun: Bool = false) -> SampleReport {
        let histogram = plan.histogram
        let moments = histogram.scoreMoments
        var report = SampleReport(
            budget: configuration.budget,
            method: configuration.method.description,
            by: configuration.score.description,
            filter: configuration.filter?.text,
            stratify: configuration.stratification.rawValue,
            domainWeights: configuration.domainWeights?.description,
            maxEpochs: configuration.maxEpochs,
            rounding: configuration.rounding,
            seed: configuration.seed,
            dryRun: dryRun,
            files: annotations.files.count,
            rows: histogram.counts.rows,
            errorRows: histogram.counts.errorRows,
            filteredRows: histogram.counts.filteredRows,
            unratedRows: histogram.counts.unratedRows,
            poolDocuments: 0,
            poolTokens: 0,
            scoreMean: moments.mean,
            scoreDeviation: moments.deviation,
            targetTokens: 0,
            selectedTokens: 0,
            selectedDocuments: 0,
            selectedRows: 0,
            shortfallTokens: 0,
            strata: plan.strata.keys.sorted().map {
                SampleReport.Stratum(plan.strata[$0]!, outcomes[$0] ?? StratumOutcome(), configuration)
            },
            warnings: annotations.warnings
        )
        report.recomputeTotals()
        report.warnings += filterWarnings(histogram) + Self.shortfallWarnings(report)
        return report
    }

    private func filterWarnings(_ histogram: PoolHistogram) -> [String] {
        var warnings: [String] = []
        if let filter = configuration.filter {
            for (operand, seen) in [(TextOperand.domain, histogram.domainsSeen), (.source, histogram.sourcesSeen)] {
                for value in filter.literals(of: operand).subtracting(seen).sorted() {
                    warnings.append(
                        "--where compares \(operand.rawValue) with '\(value)', which no row has (values are case-sensitive)"
                    )
                }
            }
        }
        return warnings
    }

    /// Whether `warning` is one of `shortfallWarnings`, which a part leaves out and a merge redoes.
    static func isShortfallWarning(_ warning: String) -> Bool {
        warning.contains("strata have fewer tokens") || warning.hasPrefix("the pool is empty")
            || warning.hasPrefix("the filtered pool holds")
    }

    static func shortfallWarnings(_ report: SampleReport) -> [String] {
        var warnings: [String] = []
        let capacity = report.poolTokens * Int64(report.maxEpochs)
        if report.poolDocuments == 0 {
            warnings.append("the pool is empty: no row without an error passed the filter, so nothing was selected")
        } else if report.rounding == .exact, capacity < report.budget {
            let repeats = report.maxEpochs > 1 ? " (\(capacity) with --max-epochs \(report.maxEpochs))" : ""
            warnings.append(
                """
                the filtered pool holds \(report.poolTokens) tokens\(repeats), less than the budget: every document \
                is taken, \(report.budget - capacity) tokens short
                """
            )
        } else if report.rounding == .exact, report.shortfallTokens > 0 {
            let short = report.strata.filter { $0.shortfallTokens > 0 }
            warnings.append(
                """
                \(short.count) of \(report.strata.count) strata have fewer tokens than their share of the budget; the \
                \(report.shortfallTokens) tokens they could not give went to the other strata in proportion to their shares
                """
            )
        } else if report.shortfallTokens > 0 {
            let short = report.strata.filter { $0.shortfallTokens > 0 }
            let remedy =
                report.maxEpochs == 1
                ? "--max-epochs N would repeat their documents up to N times"
                : "even after \(report.maxEpochs) epochs"
            warnings.append(
                """
                \(short.count) of \(report.strata.count) strata have fewer tokens than their target; the selection is \
                \(report.shortfallTokens) tokens short (\(remedy)); other strata were not enlarged to make up for it
                """
            )
        }
        return warnings
    }
}

extension SampleReport.Stratum {
    init(_ plan: StratumPlan, _ outcome: StratumOutcome, _ configuration: SampleConfiguration) {
        self.init(
            stratum: plan.key.description,
            source: plan.key.source,
            domain: plan.key.domain,
            poolDocuments: plan.poolRows,
            poolTokens: plan.poolTokens,
            targetTokens: plan.target,
            shareTokens: plan.share,
            selectedTokens: 0,
            deviationTokens: 0,
            selectedDocuments: 0,
            selectedRows: 0,
            epochs: plan.fullEpochs + (plan.partialBudget > 0 ? 1 : 0),
            meanScore: nil,
            shortfallTokens: 0
        )
        settle(outcome, rounding: configuration.rounding, maxEpochs: configuration.maxEpochs)
    }
}
