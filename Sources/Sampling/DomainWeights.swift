import Foundation

/// Target token shares per domain, overriding the pool's natural shares:
/// `Medicine=0.2,Law=0.1,rest=natural` gives Medicine 20% of the budget, Law 10%, and splits
/// the other 70% over the remaining domains by their share of the pool. Without `rest`, the
/// named shares must add up to 1 and the unnamed domains get nothing.
public struct DomainWeights: Sendable, Equatable, Codable {
    /// Named domains and their shares, in the order written.
    public let shares: [String: Double]
    /// Whether the unnamed domains share what is left in proportion to their pool tokens.
    public let restIsNatural: Bool

    public init(shares: [String: Double], restIsNatural: Bool) {
        self.shares = shares
        self.restIsNatural = restIsNatural
    }

    public init(parsing text: String, option: String = "--domain-weights") throws {
        var shares: [String: Double] = [:]
        var rest = false
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = pieces[0].trimmingCharacters(in: .whitespaces)
            guard pieces.count == 2, !name.isEmpty else {
                throw SamplingError.invalidOption(
                    "\(option): '\(part)' is not NAME=SHARE; write e.g. Medicine=0.2,Law=0.1,rest=natural"
                )
            }
            let value = pieces[1].trimmingCharacters(in: .whitespaces)
            if name == "rest" {
                guard value == "natural" else {
                    throw SamplingError.invalidOption(
                        "\(option): rest can only be 'natural' (the other domains split what is left by their pool share), not '\(value)'"
                    )
                }
                rest = true
                continue
            }
            guard let share = Double(value), share.isFinite, share >= 0, share <= 1 else {
                throw SamplingError.invalidOption(
                    "\(option): the share of \(name), '\(value)', is not a number between 0 and 1"
                )
            }
            guard shares.updateValue(share, forKey: name) == nil else {
                throw SamplingError.invalidOption("\(option): \(name) is given twice")
            }
        }
        let total = shares.values.reduce(0, +)
        if total > 1 + 1e-9 {
            throw SamplingError.invalidOption("\(option): the shares add up to \(total), more than 1")
        }
        if !rest, abs(total - 1) > 1e-6 {
            throw SamplingError.invalidOption(
                "\(option): the shares add up to \(total), not 1; add rest=natural to give the other domains the remaining \(1 - total)"
            )
        }
        self.shares = shares
        restIsNatural = rest
    }

    public var description: String {
        let named = shares.keys.sorted().map { "\($0)=\(shares[$0]!)" }
        return (named + (restIsNatural ? ["rest=natural"] : [])).joined(separator: ",")
    }
}
