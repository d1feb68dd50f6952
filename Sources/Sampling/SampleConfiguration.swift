import Annotations

/// Everything a selection depends on besides the annotation files.
public struct SampleConfiguration: Sendable {
    /// Total target tokens.
    public var budget: Int64
    public var method: SamplingMethod = .topK
    /// The score top-k and temperature order by (and whose mean the report shows).
    public var score: RatingSum = RatingSum(indices: [AnnotationColumns.ratings.count - 1])
    public var filter: RowFilter?
    public var stratification: Stratification = .sourceDomain
    public var domainWeights: DomainWeights?
    /// How many times a stratum's documents may be repeated to reach its budget.
    public var maxEpochs: Int = 1
    /// How the budget becomes stratum targets and how each stratum's last document is decided.
    public var rounding: BudgetRounding = .exact
    public var seed: UInt64 = 0
    public var threads: Int = 1
    /// Buckets per stratum and score class in the first pass's histogram are 2^histogramBits; more
    /// buckets cost memory (8 bytes each) and leave fewer rows to sort at each boundary.
    public var histogramBits: Int = 12

    public init(budget: Int64) {
        self.budget = budget
    }

    /// The annotation columns the first pass reads.
    var poolColumns: Set<String> {
        var columns: Set<String> = [
            AnnotationColumns.idHash, AnnotationColumns.tokens, AnnotationColumns.error,
            AnnotationColumns.source, AnnotationColumns.domain,
        ]
        columns.formUnion(score.columns)
        if let filter { columns.formUnion(filter.columns) }
        return columns
    }
}
