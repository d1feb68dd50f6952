/// The aggregates of one `dataman stats` run: the whole selection, and one complete set per
/// `--by` group. Merging two runs' values gives what one run over both inputs would.
public struct CorpusStats: Sendable, Equatable, Codable {
    public var grouping: StatsGrouping?
    public var overall = GroupStats()
    /// By group value (a domain or source name); empty without `--by`.
    public var groups: [String: GroupStats] = [:]

    public init(grouping: StatsGrouping? = nil) {
        self.grouping = grouping
    }

    public mutating func merge(_ other: CorpusStats) {
        precondition(grouping == other.grouping, "merging statistics grouped differently")
        overall.merge(other.overall)
        for (name, stats) in other.groups { groups[name, default: GroupStats()].merge(stats) }
    }

    /// Groups, largest first by documents, then by name.
    public var sortedGroups: [(name: String, stats: GroupStats)] {
        groups.sorted { $0.value.rows != $1.value.rows ? $0.value.rows > $1.value.rows : $0.key < $1.key }
            .map { ($0.key, $0.value) }
    }
}
