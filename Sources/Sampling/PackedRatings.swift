import Annotations

/// A row's 14 ratings in one word, 3 bits each (0 = no rating), so a selected row carries them
/// without an array allocation per row.
public struct PackedRatings: Sendable, Hashable {
    public var bits: UInt64

    public init(bits: UInt64 = 0) {
        self.bits = bits
    }

    /// Row `row` of the rating columns in `batch`; ratings outside 1...7 are dropped (the
    /// sampler has refused such rows before any is selected).
    public init(_ batch: AnnotationBatch, row: Int) {
        var bits: UInt64 = 0
        for (index, column) in batch.ratings where index < AnnotationColumns.ratings.count {
            guard let value = column[row], value >= 1, value <= 7 else { continue }
            bits |= UInt64(value) << (3 * UInt64(index))
        }
        self.bits = bits
    }

    /// The rating at `index` in `AnnotationColumns.ratings`, nil when the row has none.
    public subscript(index: Int) -> Int8? {
        let value = Int8(truncatingIfNeeded: (bits >> (3 * UInt64(index))) & 7)
        return value == 0 ? nil : value
    }
}
