/// Two raters' annotations of the same documents side by side: a table for the domain and one
/// per criterion over the documents both rated, and how many documents each side lacks.
public struct AgreementReport: Sendable, Equatable {
    public var domain = AgreementTable(classes: 15)
    public var criteria = Array(
        repeating: AgreementTable(classes: RatingScale.levels),
        count: RatingScale.criterionCount
    )
    /// Documents (by id_hash) only the reference has, and only the candidate.
    public var onlyInReference: Int64 = 0
    public var onlyInCandidate: Int64 = 0
    /// Documents both have but one side did not rate (an error row, or no ratings).
    public var unratedInReference: Int64 = 0
    public var unratedInCandidate: Int64 = 0
    /// Rows whose id_hash appeared earlier on the same side; the first is compared.
    public var duplicateRows: Int64 = 0

    public init() {}

    /// Domains are indices (0-14), scores ratings 1-5 in criteria order.
    public mutating func add(
        referenceDomain: Int,
        referenceScores: [Int8],
        candidateDomain: Int,
        candidateScores: [Int8]
    ) {
        domain.add(reference: referenceDomain, candidate: candidateDomain)
        for index in criteria.indices {
            criteria[index].add(reference: Int(referenceScores[index]) - 1, candidate: Int(candidateScores[index]) - 1)
        }
    }

    public var compared: Int64 { domain.total }

    /// The mean over the 14 criteria of a figure, skipping criteria where it is undefined.
    public func mean(_ figure: (AgreementTable) -> Double?) -> Double? {
        let values = criteria.compactMap(figure)
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}
