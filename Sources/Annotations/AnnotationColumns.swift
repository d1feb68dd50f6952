/// The column names of an annotation file (README, "The annotation file"). The file format is
/// fixed, so readers name its columns here rather than loading the criteria folder.
public enum AnnotationColumns {
    public static let docID = "doc_id"
    public static let idHash = "id_hash"
    public static let line = "line"
    public static let offset = "offset"
    public static let length = "length"
    public static let source = "source"
    public static let tokens = "tokens"
    public static let domain = "domain"
    public static let error = "error"
    /// Only in a selection file (`dataman sample`): the row's shard, relative to the input root.
    public static let shard = "shard"
    /// Only in a selection file: 0 for a document's first copy, 1... for its repeats.
    public static let epoch = "epoch"

    /// The 14 rating columns in DataMan's criteria order.
    public static let ratings = [
        "accuracy", "coherence", "language_consistency", "semantic_density", "knowledge_novelty",
        "topic_focus", "creativity", "professionalism", "style_consistency", "grammatical_diversity",
        "structural_standardization", "originality", "sensitivity", "overall_score",
    ]

    /// The index of a rating column in `ratings`, if `name` is one.
    public static func ratingIndex(_ name: String) -> Int? {
        ratings.firstIndex(of: name)
    }
}

/// Metadata keys of an annotation file that matter when files are combined.
public enum AnnotationMetadataKeys {
    public static let inputPath = "dataman.input.path"
    public static let inputChecksum = "dataman.input.xxh3"
    /// Present on a piece of a split shard: its lines, `first-end` (0-based, end excluded).
    public static let inputLines = "dataman.input.lines"
    public static let criteriaVersion = "dataman.criteria_version"
    public static let schemaVersion = "dataman.schema_version"
    public static let tokenizer = "dataman.tokenizer"
    public static let tokenizerHash = "dataman.tokenizer_hash"
    public static let raterKind = "dataman.rater.kind"
    public static let raterModel = "dataman.rater.model"
    public static let raterPromptHash = "dataman.rater.prompt_hash"
    public static let idField = "dataman.id_field"
    public static let textField = "dataman.text_field"
}
