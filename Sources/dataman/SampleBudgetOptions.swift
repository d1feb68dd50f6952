import ArgumentParser
import Sampling

/// How many tokens a selection takes and how they are shared out: only the plan depends on these,
/// so the histogram pass has none of them.
struct SampleBudgetOptions: ParsableArguments {
    enum RoundingName: String, ExpressibleByArgument, CaseIterable {
        case exact, reference
    }

    @Option(help: ArgumentHelp("Total tokens to select: 30B, 500M, 1.5e9 or a plain integer.", valueName: "tokens"))
    var budget: String

    @Option(help: ArgumentHelp("Token shares per domain, e.g. Medicine=0.2,Law=0.1,rest=natural.", valueName: "shares"))
    var domainWeights: String?

    @Option(help: ArgumentHelp("Repeat a short stratum's documents up to this many times.", valueName: "n"))
    var maxEpochs = 1

    @Option(
        help: ArgumentHelp(
            """
            exact: strata targets add up to the budget (largest remainder), a short stratum's share goes to the \
            others in proportion to their shares, each stratum's overshoot is taken off the next stratum's target, \
            so the total exceeds the budget by less than one selected document. reference: DataMan's \
            select_subset.py (truncated shares, each stratum takes the document crossing its own target). \
            Default exact, or reference with --preset.
            """,
            valueName: "rule"
        )
    )
    var rounding: RoundingName?

    func validate() throws {
        guard maxEpochs >= 1 else { throw ValidationError("--max-epochs must be at least 1") }
    }

    /// `rule` applied to this budget, shared out as these options say.
    func configuration(rule: SampleRuleOptions, threads: Int) throws -> SampleConfiguration {
        var configuration = try rule.configuration(budget: try TokenBudget.parse(budget), threads: threads)
        configuration.domainWeights = try domainWeights.map { try DomainWeights(parsing: $0) }
        configuration.maxEpochs = maxEpochs
        configuration.rounding =
            rounding.map { BudgetRounding(rawValue: $0.rawValue)! } ?? rule.presetRule?.rounding ?? .exact
        return configuration
    }
}
