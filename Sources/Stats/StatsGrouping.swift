/// What `--by` splits the documents by: each value gets its own complete set of aggregates.
public enum StatsGrouping: String, Sendable, Codable, CaseIterable {
    case domain, source
}
