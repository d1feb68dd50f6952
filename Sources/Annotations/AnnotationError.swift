import Parquet

/// A problem with an annotation file or with the set of files given; names the file and what is wrong.
public enum AnnotationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The Parquet layer could not read the file.
    case unreadable(ParquetError)
    case noSuchInput(path: String)
    case noAnnotationFiles(folder: String)
    case cannotList(folder: String, reason: String)
    /// A file that is not what `dataman annotate` or `dataman sample` writes.
    case notAnnotationFile(file: String, reason: String)
    case wrongColumnType(file: String, column: String, found: String, expected: String)
    /// A value an annotation file may not hold (a null token count, a rating outside 1-5), with its row.
    case invalidValue(file: String, place: String, detail: String)
    /// Two files annotate the same lines of one shard, or shards of the same path with other content.
    case overlap(file: String, detail: String)
    /// Files whose ratings or token counts are not comparable (criteria versions, tokenizers).
    case mixedProvenance(what: String, first: String, firstValue: String, other: String, otherValue: String)

    /// The file (or folder) the error is about; empty when it is about the set as a whole.
    public var file: String {
        switch self {
        case .unreadable(let error): error.file
        case .noSuchInput(let path): path
        case .noAnnotationFiles(let folder), .cannotList(let folder, _): folder
        case .notAnnotationFile(let file, _), .wrongColumnType(let file, _, _, _), .invalidValue(let file, _, _),
            .overlap(let file, _):
            file
        case .mixedProvenance: ""
        }
    }

    /// What is wrong, without the file name.
    public var message: String {
        switch self {
        case .unreadable(let error): error.message
        case .noSuchInput: "no such file or folder"
        case .noAnnotationFiles: "no annotation files (*.parquet) in this folder or below it"
        case .cannotList(_, let reason): "cannot list the folder: \(reason)"
        case .notAnnotationFile(_, let reason): "not an annotation file: \(reason)"
        case .wrongColumnType(_, let column, let found, let expected):
            "column '\(column)' is \(found), an annotation file has \(expected)"
        case .invalidValue(_, let place, let detail): "\(place): \(detail)"
        case .overlap(_, let detail): detail
        case .mixedProvenance(let what, let first, let firstValue, let other, let otherValue):
            """
            the annotation files mix \(what)s, so their ratings and token counts are not comparable: \(first) has \(what) \
            '\(firstValue)', \(other) has '\(otherValue)'
            """
        }
    }

    public var description: String { file.isEmpty ? message : "\(file): \(message)" }
}
