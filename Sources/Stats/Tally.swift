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
}
