/// A document picked as an example of a high or low rating, with what is needed to read its text
/// back from its shard.
public struct ExampleCandidate: Sendable, Equatable, Codable {
    /// The shard's path relative to the annotated input root (`dataman.input.path`).
    public var inputPath: String
    public var docID: String
    public var line: Int64
    /// Byte offset and length of the line in the decompressed shard.
    public var offset: Int64
    public var length: Int32
    /// The rating of the criterion it is an example of.
    public var rating: Int
    /// The sum of all its ratings: among documents with the same rating, the more extreme overall
    /// is the clearer example.
    public var ratingSum: Int
    public var idHash: Int64
    /// The JSON fields the annotation read the text and id from (`dataman.text_field`, `dataman.id_field`).
    public var textField: String
    public var idField: String

    /// Strictly better as a high example: higher rating, then higher sum, then a fixed tie-break
    /// (hash, then place), so the choice never depends on file order or thread count.
    static func higher(_ a: ExampleCandidate, _ b: ExampleCandidate) -> Bool {
        if a.rating != b.rating { return a.rating > b.rating }
        if a.ratingSum != b.ratingSum { return a.ratingSum > b.ratingSum }
        return tieBreak(a, b)
    }

    static func lower(_ a: ExampleCandidate, _ b: ExampleCandidate) -> Bool {
        if a.rating != b.rating { return a.rating < b.rating }
        if a.ratingSum != b.ratingSum { return a.ratingSum < b.ratingSum }
        return tieBreak(a, b)
    }

    private static func tieBreak(_ a: ExampleCandidate, _ b: ExampleCandidate) -> Bool {
        if a.idHash != b.idHash { return a.idHash < b.idHash }
        if a.inputPath != b.inputPath { return a.inputPath < b.inputPath }
        return a.line < b.line
    }
}

/// The best `limit` items under `precedes`, kept sorted; inserting costs O(limit).
struct BoundedBest: Sendable {
    let limit: Int
    let precedes: @Sendable (ExampleCandidate, ExampleCandidate) -> Bool
    private(set) var items: [ExampleCandidate] = []

    init(limit: Int, precedes: @escaping @Sendable (ExampleCandidate, ExampleCandidate) -> Bool) {
        self.limit = limit
        self.precedes = precedes
    }

    /// Whether a candidate with this rating and sum could still enter (the cheap check before a
    /// candidate is built).
    func admits(rating: Int, ratingSum: Int, high: Bool) -> Bool {
        guard items.count >= limit, let worst = items.last else { return limit > 0 }
        if rating != worst.rating { return high ? rating > worst.rating : rating < worst.rating }
        return high ? ratingSum >= worst.ratingSum : ratingSum <= worst.ratingSum
    }

    mutating func insert(_ candidate: ExampleCandidate) {
        guard limit > 0 else { return }
        let index = items.firstIndex { precedes(candidate, $0) } ?? items.count
        guard index < limit else { return }
        items.insert(candidate, at: index)
        if items.count > limit { items.removeLast() }
    }
}
