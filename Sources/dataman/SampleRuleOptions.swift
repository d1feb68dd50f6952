import Annotations
import ArgumentParser
import Sampling

/// Which rows a selection may take and in which order they are taken. The histograms, the parts and
/// a one-process selection all depend on these, so every pass of one selection is given the same.
struct SampleRuleOptions: ParsableArguments {
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

    @Option(help: "The seed of every random choice.")
    var seed: UInt64 = 0

    @Option(
        help: ArgumentHelp(
            "2^bits histogram buckets per stratum and score: more bits, more memory (8 bytes a bucket), fewer boundary rows to sort.",
            valueName: "bits"
        )
    )
    var histogramBits = 12

    func validate() throws {
        guard (1...16).contains(histogramBits) else { throw ValidationError("--histogram-bits must be 1...16") }
        if let tau, !(tau > 0 && tau.isFinite) { throw ValidationError("--tau must be a positive number") }
        if tau != nil, resolvedMethodName != .temperature {
            throw ValidationError("--tau applies to --method temperature only")
        }
    }

    var presetRule: SamplePreset? { preset.flatMap { SamplePreset(rawValue: $0.rawValue) } }

    private var resolvedMethodName: MethodName {
        if let method { return method }
        switch presetRule?.method {
        case .uniform?: return .uniform
        case .temperature?: return .temperature
        case .topK?, nil: return .topK
        }
    }

    /// The rule applied to a selection of `budget` tokens read by `threads` readers.
    func configuration(budget: Int64, threads: Int) throws -> SampleConfiguration {
        var configuration = SampleConfiguration(budget: budget)
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
        configuration.seed = seed
        configuration.threads = threads
        configuration.histogramBits = histogramBits
        return configuration
    }
}
