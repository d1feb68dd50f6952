/// How the budget is split into cells that are each filled to their own token budget.
public enum Stratification: String, Sendable, CaseIterable, Codable {
    case none
    case domain
    case source
    /// DataMan's `multi_domain`: by source share, then by domain share inside each source.
    case sourceDomain = "source,domain"

    var bySource: Bool { self == .source || self == .sourceDomain }
    var byDomain: Bool { self == .domain || self == .sourceDomain }
}

/// One cell of the selection. A field is nil when the stratification does not split by it; a
/// document without a domain has the domain `""`.
public struct StratumKey: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var source: String?
    public var domain: String?

    public init(source: String?, domain: String?) {
        self.source = source
        self.domain = domain
    }

    public init(source: String, domain: String?, stratification: Stratification) {
        self.source = stratification.bySource ? source : nil
        self.domain = stratification.byDomain ? (domain ?? "") : nil
    }

    public static func < (a: StratumKey, b: StratumKey) -> Bool {
        let aSource = a.source ?? ""
        let bSource = b.source ?? ""
        if aSource != bSource { return aSource.utf8.lexicographicallyPrecedes(bSource.utf8) }
        return (a.domain ?? "").utf8.lexicographicallyPrecedes((b.domain ?? "").utf8)
    }

    /// `source/domain`, `source`, `domain` or `all`; a missing domain shows as `(no domain)`.
    public var description: String {
        let domainName = domain.map { $0.isEmpty ? "(no domain)" : $0 }
        switch (source, domainName) {
        case let (source?, domain?): return "\(source)/\(domain)"
        case let (source?, nil): return source
        case let (nil, domain?): return domain
        case (nil, nil): return "all"
        }
    }
}
