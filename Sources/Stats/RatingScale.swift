import Annotations

/// The fixed shape of DataMan ratings: 14 criteria in the annotation file's column order, each an
/// integer 1-5. Every aggregate in this module is laid out by these indices.
public enum RatingScale {
    public static let criteria = AnnotationColumns.ratings
    public static let criterionCount = 14
    /// Ratings 1...5 are stored at bins 0...4.
    public static let levels = 5

    /// "language_consistency" → "Language Consistency".
    public static let displayNames: [String] = criteria.map { column in
        column.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }

    /// Three-letter labels for the columns of a 14 × 14 table that must fit a terminal.
    public static let shortNames = [
        "Acc", "Coh", "Lan", "Den", "Nov", "Foc", "Cre", "Pro", "Sty", "Gra", "Str", "Ori", "Sen", "Ovr",
    ]

    /// Unordered pairs of distinct criteria, i < j, in row-major order: (0,1), (0,2) … (12,13).
    public static let pairCount = criterionCount * (criterionCount - 1) / 2

    /// The position of the pair {i, j} (i ≠ j) in `pairs`.
    public static func pairIndex(_ i: Int, _ j: Int) -> Int {
        let (low, high) = i < j ? (i, j) : (j, i)
        // Pairs before row `low` number low*(n-1) - low*(low-1)/2.
        return low * (criterionCount - 1) - low * (low - 1) / 2 + (high - low - 1)
    }

    public static let pairs: [(Int, Int)] = (0..<criterionCount).flatMap { i in
        ((i + 1)..<criterionCount).map { (i, $0) }
    }
}
