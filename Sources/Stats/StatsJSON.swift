import FileIO
import Foundation

/// The `--json` document: every count (so runs over disjoint inputs can be added up by other
/// tools) and what follows from them. Keys are snake_case; undefined values (the mean of nothing,
/// the correlation of a constant) are null, never NaN.
public struct StatsJSON: Encodable, Sendable {
    public static let format = "dataman-stats/1"

    let stats: CorpusStats
    let context: ReportContext
    let examples: ExampleTexts?

    public init(_ stats: CorpusStats, context: ReportContext, examples: ExampleTexts? = nil) {
        self.stats = stats
        self.context = context
        self.examples = examples
    }

    public static func write(_ stats: CorpusStats, context: ReportContext, examples: ExampleTexts?, to url: URL) throws
    {
        try AtomicFileWriter.write(Array(try encoded(stats, context: context, examples: examples)), to: url)
    }

    public static func encoded(
        _ stats: CorpusStats,
        context: ReportContext,
        examples: ExampleTexts? = nil
    ) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(StatsJSON(stats, context: context, examples: examples))
    }

    private enum Keys: String, CodingKey {
        case format, command
        case filter = "where"
        case by, provenance, criteria, quantiles, overall, groups, examples, pairs
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(Self.format, forKey: .format)
        try container.encode(context.commandLine, forKey: .command)
        try container.encode(context.filter, forKey: .filter)
        try container.encode(stats.grouping?.rawValue, forKey: .by)
        try container.encode(ProvenanceJSON(context.provenance), forKey: .provenance)
        try container.encode(RatingScale.criteria, forKey: .criteria)
        try container.encode(RatingHistogram.reportedQuantiles.map { Double($0) / 1000 }, forKey: .quantiles)
        try container.encode(
            RatingScale.pairs.map { [RatingScale.criteria[$0.0], RatingScale.criteria[$0.1]] },
            forKey: .pairs
        )
        try container.encode(GroupJSON(name: nil, stats.overall), forKey: .overall)
        try container.encode(stats.sortedGroups.map { GroupJSON(name: $0.name, $0.stats) }, forKey: .groups)
        if let examples { try container.encode(ExamplesJSON(examples), forKey: .examples) }
    }
}

private struct ProvenanceJSON: Encodable {
    let files: Int, selectionFiles: Int, shards: Int, raters: [String], tokenizers: [String], criteriaVersions: [String]

    init(_ provenance: StatsProvenance) {
        files = provenance.files
        selectionFiles = provenance.selectionFiles
        shards = provenance.shards
        raters = provenance.raters
        tokenizers = provenance.tokenizers
        criteriaVersions = provenance.criteriaVersions
    }

    enum CodingKeys: String, CodingKey {
        case files
        case selectionFiles = "selection_files"
        case shards, raters, tokenizers
        case criteriaVersions = "criteria_versions"
    }
}

private struct GroupJSON: Encodable {
    let name: String?
    let stats: GroupStats

    init(name: String?, _ stats: GroupStats) {
        self.name = name
        self.stats = stats
    }

    enum CodingKeys: String, CodingKey {
        case name, rows, tokens
        case ratedRows = "rated_rows"
        case errorRows = "error_rows"
        case unratedRows = "unrated_rows"
        case criteria, pearson, spearman
        case jointCounts = "joint_counts"
        case domains, sources, errors
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if let name { try container.encode(name, forKey: .name) }
        try container.encode(stats.rows, forKey: .rows)
        try container.encode(stats.tokens, forKey: .tokens)
        try container.encode(stats.ratedRows, forKey: .ratedRows)
        try container.encode(stats.errorRows, forKey: .errorRows)
        try container.encode(stats.unratedRows, forKey: .unratedRows)
        try container.encode(
            stats.histograms.enumerated().map { CriterionJSON(name: RatingScale.criteria[$0.offset], $0.element) },
            forKey: .criteria
        )
        try container.encode(stats.pearson, forKey: .pearson)
        try container.encode(stats.spearman, forKey: .spearman)
        // One 25-cell table per entry of the top-level "pairs", rows by the first criterion's rating.
        let cells = RatingScale.levels * RatingScale.levels
        try container.encode(
            (0..<RatingScale.pairCount).map { Array(stats.joint.counts[($0 * cells)..<(($0 + 1) * cells)]) },
            forKey: .jointCounts
        )
        try container.encode(
            stats.domains.sortedByDocuments().map {
                DomainJSON(name: $0.key, tally: $0.value, ratings: stats.domainRatings[$0.key])
            },
            forKey: .domains
        )
        try container.encode(
            stats.sources.sortedByDocuments().map { DomainJSON(name: $0.key, tally: $0.value, ratings: nil) },
            forKey: .sources
        )
        try container.encode(
            stats.errors.sorted.map { ErrorJSON(message: $0.message, count: $0.count) },
            forKey: .errors
        )
    }
}

private struct CriterionJSON: Encodable {
    let name: String
    let histogram: RatingHistogram

    init(name: String, _ histogram: RatingHistogram) {
        self.name = name
        self.histogram = histogram
    }

    enum CodingKeys: String, CodingKey {
        case name, documents, tokens, missing, mean
        case tokenMean = "token_mean"
        case quantiles
        case tokenQuantiles = "token_quantiles"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(histogram.documents, forKey: .documents)
        try container.encode(histogram.tokens, forKey: .tokens)
        try container.encode(histogram.missing, forKey: .missing)
        try container.encode(histogram.mean, forKey: .mean)
        try container.encode(histogram.tokenMean, forKey: .tokenMean)
        try container.encode(
            RatingHistogram.reportedQuantiles.map { histogram.quantile(permille: $0) },
            forKey: .quantiles
        )
        try container.encode(
            RatingHistogram.reportedQuantiles.map { histogram.tokenQuantile(permille: $0) },
            forKey: .tokenQuantiles
        )
    }
}

private struct DomainJSON: Encodable {
    let name: String
    let tally: Tally
    /// Per criterion, documents at each rating; only for domains.
    let ratings: RatingCountsByCriterion?

    enum CodingKeys: String, CodingKey {
        case name, documents, tokens, ratings, means
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(tally.documents, forKey: .documents)
        try container.encode(tally.tokens, forKey: .tokens)
        if let ratings {
            try container.encode(
                (0..<RatingScale.criterionCount).map { ratings.documents(criterion: $0) },
                forKey: .ratings
            )
            try container.encode((0..<RatingScale.criterionCount).map { ratings.mean(criterion: $0) }, forKey: .means)
        }
    }
}

private struct ErrorJSON: Encodable {
    let message: String
    let count: Int64
}

private struct ExamplesJSON: Encodable {
    let texts: ExampleTexts

    init(_ texts: ExampleTexts) {
        self.texts = texts
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyKey.self)
        for (criterion, name) in RatingScale.criteria.enumerated() {
            var entry = container.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey(name))
            try entry.encode(texts.highest[criterion].map(ExampleJSON.init), forKey: AnyKey("highest"))
            try entry.encode(texts.lowest[criterion].map(ExampleJSON.init), forKey: AnyKey("lowest"))
        }
    }
}

private struct ExampleJSON: Encodable {
    let example: ExampleText

    enum CodingKeys: String, CodingKey {
        case shard, line, offset, length
        case docID = "doc_id"
        case rating
        case ratingSum = "rating_sum"
        case excerpt, problem
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let candidate = example.candidate
        try container.encode(candidate.inputPath, forKey: .shard)
        try container.encode(candidate.line, forKey: .line)
        try container.encode(candidate.offset, forKey: .offset)
        try container.encode(candidate.length, forKey: .length)
        try container.encode(candidate.docID, forKey: .docID)
        try container.encode(candidate.rating, forKey: .rating)
        try container.encode(candidate.ratingSum, forKey: .ratingSum)
        try container.encode(example.excerpt, forKey: .excerpt)
        try container.encode(example.problem, forKey: .problem)
    }
}

private struct AnyKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
