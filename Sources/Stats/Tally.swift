/// How many documents and tokens fall in one bucket (a domain, a source, a rating).
public struct Tally: Sendable, Equatable, Codable {
    public var documents: Int64
    public var tokens: Int64

    public init(documents: Int64 = 0, tokens: Int64 = 0) {
        self.documents = documents
        self.tokens = tokens
    }

    public mutating func add(_ other: Tally) {
        documents += other.documents
        tokens += other.tokens
    }
}

extension Dictionary where Value == Tally {
    mutating func add(_ other: [Key: Tally]) {
        for (key, tally) in other { self[key, default: Tally()].add(tally) }
    }

    /// Largest first by documents, then by name, so output never depends on hashing order.
    func sortedByDocuments() -> [(key: Key, value: Tally)] where Key == String {
        sorted { $0.value.documents != $1.value.documents ? $0.value.documents > $1.value.documents : $0.key < $1.key }
    }

    /// The `limit` largest entries, the rest folded into one "(N more)" row, and the totals of all:
    /// what a composition table or chart shows.
    func composition(limit: Int) -> (rows: [(key: String, value: Tally)], total: Tally) where Key == String {
        let sorted = sortedByDocuments()
        var rows = Array(sorted.prefix(limit))
        var total = Tally()
        for (_, tally) in sorted { total.add(tally) }
        if sorted.count > limit {
            var rest = Tally()
            for (_, tally) in sorted.dropFirst(limit) { rest.add(tally) }
            rows.append(("(\(sorted.count - limit) more)", rest))
        }
        return (rows, total)
    }
}
