/// An example document with the start of its text, as read back from its shard.
public struct ExampleText: Sendable, Equatable, Codable {
    public var candidate: ExampleCandidate
    /// The first lines of the text, cut to a bounded length; nil when it could not be read.
    public var excerpt: String?
    /// Why the text is missing (shard not found, line not where the annotation says).
    public var problem: String?

    public init(candidate: ExampleCandidate, excerpt: String?, problem: String? = nil) {
        self.candidate = candidate
        self.excerpt = excerpt
        self.problem = problem
    }
}

/// Per criterion, the high and low examples with their text, best first.
public struct ExampleTexts: Sendable, Equatable, Codable {
    public var highest: [[ExampleText]]
    public var lowest: [[ExampleText]]

    public init(highest: [[ExampleText]], lowest: [[ExampleText]]) {
        self.highest = highest
        self.lowest = lowest
    }

    public var isEmpty: Bool { highest.allSatisfy(\.isEmpty) && lowest.allSatisfy(\.isEmpty) }
}
