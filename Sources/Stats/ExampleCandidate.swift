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
    /// The sum of all its ratings, shown beside the example for context.
    public var ratingSum: Int
    public var idHash: Int64
    /// Orders documents with the same rating: a hash of the id hash and the criterion, so each
    /// criterion shows its own seeded sample of the documents at the extreme rating rather than
    /// the same all-round best (or worst) documents everywhere.
    public var sampleKey: UInt64
    /// The JSON fields the annotation read the text and id from (`dataman.text_field`, `dataman.id_field`).
    public var textField: String
    public var idField: String

    /// Strictly better as a high example: higher rating, then the sample key, then the place, so
    /// the choice never depends on file order or thread count.
    static func higher(_ a: ExampleCandidate, _ b: ExampleCandidate) -> Bool {
        a.rating != b.rating ? a.rating > b.rating : tieBreak(a, b)
    }

    static func lower(_ a: ExampleCandidate, _ b: ExampleCandidate) -> Bool {
        a.rating != b.rating ? a.rating < b.rating : tieBreak(a, b)
    }

    private static func tieBreak(_ a: ExampleCandidate, _ b: ExampleCandidate) -> Bool {
        if a.sampleKey != b.sampleKey { return a.sampleKey < b.sampleKey }
        if a.inputPath != b.inputPath { return a.inputPath < b.inputPath }
        return a.line < b.line
    }

    /// SplitMix64's finaliser over the id hash and the criterion.
    static func sampleKey(idHash: Int64, criterion: Int) -> UInt64 {
        var z = UInt64(bitPattern: idHash) &+ UInt64(criterion + 1) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
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

    /// Whether a candidate with this rating and key could still enter (the cheap check before a
    /// candidate is built).
    func admits(rating: Int, sampleKey: UInt64, high: Bool) -> Bool {
        guard items.count >= limit, let worst = items.last else { return limit > 0 }
        if rating != worst.rating { return high ? rating > worst.rating : rating < worst.rating }
        return sampleKey <= worst.sampleKey
    }

    mutating func insert(_ candidate: ExampleCandidate) {
        guard limit > 0 else { return }
        let index = items.firstIndex { precedes(candidate, $0) } ?? items.count
        guard index < limit else { return }
        items.insert(candidate, at: index)
        if items.count > limit { items.removeLast() }
    }
}
