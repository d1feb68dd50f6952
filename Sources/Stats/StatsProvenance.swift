import Annotations

/// Where the annotations came from, as the report states it: the rater, tokenizer and criteria
/// version of the files (all distinct values, so a mix is visible), and how many files were read.
public struct StatsProvenance: Sendable, Equatable, Codable {
    public var files: Int
    public var shards: Int
    public var raters: [String]
    public var tokenizers: [String]
    public var criteriaVersions: [String]

    public init(files: Int, shards: Int, raters: [String], tokenizers: [String], criteriaVersions: [String]) {
        self.files = files
        self.shards = shards
        self.raters = raters
        self.tokenizers = tokenizers
        self.criteriaVersions = criteriaVersions
    }

    public init(_ set: AnnotationSet) {
        self.init(files: set.files.count, shards: Set(set.files.map(\.inputPath)).count,
                  raters: Set(set.files.map(\.rater)).sorted(), tokenizers: Set(set.files.map(\.tokenizer)).sorted(),
                  criteriaVersions: Set(set.files.map(\.criteriaVersion)).sorted())
    }
}

/// What a report says about how it was made, besides the numbers.
public struct ReportContext: Sendable {
    /// The command line that made the report, as typed (arguments quoted where needed).
    public var commandLine: String
    public var provenance: StatsProvenance
    /// The `--where` expression, if any.
    public var filter: String?
    /// Things the user should know (mixed raters, unknown names in --where).
    public var warnings: [String]

    public init(commandLine: String, provenance: StatsProvenance, filter: String? = nil, warnings: [String] = []) {
        self.commandLine = commandLine
        self.provenance = provenance
        self.filter = filter
        self.warnings = warnings
    }
}
