import Annotations

/// Keeps, per criterion, the `limit` highest- and lowest-rated documents seen so far.
struct ExampleSelector: Sendable {
    let limit: Int
    private(set) var highest: [BoundedBest]
    private(set) var lowest: [BoundedBest]

    init(limit: Int) {
        self.limit = limit
        highest = Array(
            repeating: BoundedBest(limit: limit, precedes: ExampleCandidate.higher),
            count: RatingScale.criterionCount
        )
        lowest = Array(
            repeating: BoundedBest(limit: limit, precedes: ExampleCandidate.lower),
            count: RatingScale.criterionCount
        )
    }

    /// The columns `consider` reads besides the ratings.
    static let columns: Set<String> = [
        AnnotationColumns.docID, AnnotationColumns.idHash, AnnotationColumns.line,
        AnnotationColumns.offset, AnnotationColumns.length,
    ]

    /// The columns `consider` reads from `file`: a selection's rows name their own shard.
    static func columns(for file: AnnotationFile) -> Set<String> {
        file.isSelection ? columns.union([AnnotationColumns.shard]) : columns
    }

    mutating func consider(_ batch: AnnotationBatch, rows selected: [Int]?, file: AnnotationFile) {
        guard limit > 0 else { return }
        let textField = file.metadata[Self.textFieldKey] ?? "text"
        let idField = file.metadata[AnnotationMetadataKeys.idField] ?? "id"
        let columns = (0..<RatingScale.criterionCount).map { batch.ratings[$0] ?? [] }
        for row in selected ?? Array(0..<batch.count) {
            var sum: Int?
            for criterion in 0..<RatingScale.criterionCount {
                guard !columns[criterion].isEmpty, let value = columns[criterion][row] else { continue }
                let rating = Int(value)
                let key = ExampleCandidate.sampleKey(idHash: batch.idHash[row], criterion: criterion)
                let high = highest[criterion].admits(rating: rating, sampleKey: key, high: true)
                let low = lowest[criterion].admits(rating: rating, sampleKey: key, high: false)
                guard high || low else { continue }
                if sum == nil { sum = columns.reduce(0) { $0 + Int($1.isEmpty ? 0 : $1[row] ?? 0) } }
                let candidate = ExampleCandidate(
                    inputPath: file.isSelection ? batch.shard[row] : file.inputPath,
                    docID: batch.docID[row],
                    line: batch.line[row],
                    offset: batch.offset[row],
                    length: batch.length[row],
                    rating: rating,
                    ratingSum: sum!,
                    idHash: batch.idHash[row],
                    sampleKey: key,
                    textField: textField,
                    idField: idField
                )
                if high { highest[criterion].insert(candidate) }
                if low { lowest[criterion].insert(candidate) }
            }
        }
    }

    static let textFieldKey = "dataman.text_field"

    mutating func merge(_ other: ExampleSelector) {
        for criterion in 0..<RatingScale.criterionCount {
            for candidate in other.highest[criterion].items { highest[criterion].insert(candidate) }
            for candidate in other.lowest[criterion].items { lowest[criterion].insert(candidate) }
        }
    }

    var picks: ExamplePicks {
        ExamplePicks(highest: highest.map(\.items), lowest: lowest.map(\.items))
    }
}

/// Per criterion, the chosen high and low examples, best first.
public struct ExamplePicks: Sendable, Equatable, Codable {
    public var highest: [[ExampleCandidate]]
    public var lowest: [[ExampleCandidate]]

    public init(highest: [[ExampleCandidate]], lowest: [[ExampleCandidate]]) {
        self.highest = highest
        self.lowest = lowest
    }

    public static let none = ExamplePicks(
        highest: Array(repeating: [], count: RatingScale.criterionCount),
        lowest: Array(repeating: [], count: RatingScale.criterionCount)
    )

    public var all: [ExampleCandidate] { (highest + lowest).flatMap { $0 } }
}
