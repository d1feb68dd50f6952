/// A problem found while computing or rendering statistics; names the file and place.
public enum StatsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A rating outside 1-5 in an annotation file.
    case ratingOutOfRange(place: String, row: Int, criterion: String, rating: Int)
    /// `--shards` is not the folder the annotated shards were read from.
    case shardsNotFound(root: String, lookedFor: String)

    public var message: String {
        switch self {
        case .ratingOutOfRange(let place, let row, let criterion, let rating):
            "\(place), row \(row): \(criterion) is \(rating); ratings are 1 to 5"
        case .shardsNotFound(let root, let lookedFor):
            "--shards \(root): none of the annotated shards is there (looked for \(lookedFor)); "
                + "give the folder that was passed to `dataman annotate`"
        }
    }

    public var description: String { message }
}
