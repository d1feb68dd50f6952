import Annotations

/// Where the annotations came from, as the report states it: the rater, tokenizer and criteria
/// version of the files (all distinct values, so a mix is visible), and how many files were read.
public struct StatsProvenance: Sendable, Equatable, Codable {
    /// Annotation files, selection files included.
    public var files: Int
    /// Selection files (`dataman sample`'s selection.parquet) among `files`.
    public var selectionFiles: Int
    /// Distinct shards of the annotation files (a selection's rows name theirs, not counted here).
    public var shards: Int
    public var raters: [String]
    public var tokenizers: [String]
    public var criteriaVersions: [String]

    public init(
        files: Int,
        selectionFiles: Int = 0,
        shards: Int,
        raters: [String],
        tokenizers: [String],
        criteriaVersions: [String]
    ) {
        self.files = files
        self.selectionFiles = selectionFiles
        self.shards = shards
        self.raters = raters
        self.tokenizers = tokenizers
        self.criteriaVersions = criteriaVersions
    }

    public init(_ set: AnnotationSet) {
        let annotations = set.files.filter { !$0.isSelection }
        self.init(
            files: set.files.count,
            selectionFiles: set.files.count - annotations.count,
            shards: Set(annotations.map(\.inputPath)).count,
            raters: Set(set.files.map(\.rater)).sorted(),
            tokenizers: Set(set.files.map(\.tokenizer)).sorted(),
            criteriaVersions: Set(set.files.map(\.criteriaVersion)).sorted()
        )
    }
}

extension StatsProvenance {
    /// What was read, e.g. "3 annotation files of 2 shards", "1 selection file".
    public var inputs: String {
        var parts: [String] = []
        if selectionFiles > 0 { parts.append(NumberFormat.counted(selectionFiles, "selection file")) }
        if files > selectionFiles || files == 0 {
            parts.append(
                NumberFormat.counted(files - selectionFiles, "annotation file") + " of "
                    + NumberFormat.counted(shards, "shard")
            )
        }
        return parts.joined(separator: " and ")
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
