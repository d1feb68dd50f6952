/// Why training cannot start or go on; each case names the file or setting at fault.
public enum TrainingError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidSetting(String)
    /// A `dataman sample` selection: its rows come from many shards, which training does not read back.
    case selectionFile(path: String)
    case missingShard(annotations: String, shard: String)
    /// Annotation files from different raters: a student learns one teacher.
    case mixedTeachers(first: String, firstTeacher: String, other: String, otherTeacher: String)
    /// The shard has no record at an annotated line: it is not the shard that was annotated.
    case lineMissing(shard: String, line: Int64)
    /// The record at an annotated line differs from the annotated one (length, or now unreadable).
    case lineChanged(shard: String, line: Int64, detail: String)
    case rowsOutOfOrder(annotations: String, line: Int64)
    case unknownDomain(annotations: String, domain: String)
    case invalidRating(annotations: String, line: Int64)
    /// The labels field of a record does not parse as `LabelOverrides`.
    case invalidLabels(shard: String, line: Int64, field: String, detail: String)
    /// No row with a domain and 14 ratings outside the holdout.
    case noTrainingDocuments(rated: Int)

    public var description: String {
        switch self {
        case .invalidSetting(let detail): detail
        case .selectionFile(let path):
            "\(path): a selection file (dataman sample); train on the annotation files it was sampled from"
        case .missingShard(let annotations, let shard):
            "\(annotations): its shard \(shard) does not exist; give --shards the folder the shards were annotated from"
        case .mixedTeachers(let first, let firstTeacher, let other, let otherTeacher):
            "the annotations come from different raters: \(first) from \(firstTeacher), \(other) from \(otherTeacher); train on one rater's annotations"
        case .lineMissing(let shard, let line):
            "\(shard): no record at line \(line + 1), which the annotations rate; is it the shard that was annotated?"
        case .lineChanged(let shard, let line, let detail):
            "\(shard): line \(line + 1) is not the annotated record: \(detail)"
        case .rowsOutOfOrder(let annotations, let line):
            "\(annotations): rows are not in line order at line \(line + 1); write it with dataman annotate"
        case .unknownDomain(let annotations, let domain):
            "\(annotations): domain '\(domain)' is not one of the criteria's 15 domains"
        case .invalidRating(let annotations, let line):
            "\(annotations): the row of line \(line + 1) has a rating outside 1-5"
        case .invalidLabels(let shard, let line, let field, let detail):
            "\(shard): line \(line + 1): the labels field '\(field)': \(detail)"
        case .noTrainingDocuments(let rated):
            "no rated documents to train on (\(rated) rated in all, the rest held out, errors or unrated)"
        }
    }
}
