/// The merge rules of a BPE vocabulary: (left id, right id) → (rank, merged id), in an open-addressing
/// table keyed by the packed pair, so one merge step costs one multiply and usually one probe.
struct PairMergeTable: Sendable {
    /// What `lookup` returns for a pair that never merges; compares above every real merge.
    static let noMerge: UInt64 = .max
    private static let emptyKey: UInt64 = .max

    private let keys: [UInt64]
    /// `rank << 32 | merged id`, so comparing two values compares ranks first.
    private let values: [UInt64]
    private let shift: UInt64
    let count: Int

    /// Later entries for the same pair replace earlier ones, as Hugging Face's merge map does.
    init(_ merges: [(left: UInt32, right: UInt32, rank: UInt32, merged: UInt32)]) {
        var bits = 4
        while (1 << bits) < merges.count * 2 { bits += 1 }
        let capacity = 1 << bits
        var keys = [UInt64](repeating: Self.emptyKey, count: capacity)
        var values = [UInt64](repeating: Self.noMerge, count: capacity)
        let shift = UInt64(64 - bits)
        var count = 0
        for merge in merges {
            let key = UInt64(merge.left) << 32 | UInt64(merge.right)
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while keys[slot] != Self.emptyKey && keys[slot] != key { slot = (slot + 1) & (capacity - 1) }
            if keys[slot] == Self.emptyKey { count += 1 }
            keys[slot] = key
            values[slot] = UInt64(merge.rank) << 32 | UInt64(merge.merged)
        }
        self.keys = keys
        self.values = values
        self.shift = shift
        self.count = count
    }

    /// `rank << 32 | merged id` for the pair, or `noMerge`.
    @inline(__always)
    func lookup(_ left: UInt32, _ right: UInt32) -> UInt64 {
        let key = UInt64(left) << 32 | UInt64(right)
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let found = keys[slot]
            if found == key { return values[slot] }
            if found == Self.emptyKey { return Self.noMerge }
            slot = (slot + 1) & mask
        }
    }
}
