/// The merge rules of a BPE vocabulary: (left id, right id) → (rank, merged id), in an open-addressing
/// table keyed by the packed pair. Key and value share a cache line, so a merge step usually costs one
/// memory access, which matters because the table (a few MB) does not fit in the fastest caches.
struct PairMergeTable: Sendable {
    /// What `lookup` returns for a pair that never merges; compares above every real merge.
    static let noMerge: UInt64 = .max
    private static let emptyKey: UInt64 = .max

    /// Slot i holds its key at 2i and `rank << 32 | merged id` at 2i + 1 (so comparing two values
    /// compares ranks first).
    private let slots: [UInt64]
    private let mask: Int
    private let shift: UInt64
    let count: Int

    /// Later entries for the same pair replace earlier ones, as Hugging Face's merge map does.
    init(_ merges: [(left: UInt32, right: UInt32, rank: UInt32, merged: UInt32)]) {
        var bits = 4
        while (1 << bits) < merges.count + merges.count / 2 { bits += 1 }
        let capacity = 1 << bits
        var slots = [UInt64](repeating: Self.emptyKey, count: capacity * 2)
        let shift = UInt64(64 - bits)
        var count = 0
        for merge in merges {
            let key = UInt64(merge.left) << 32 | UInt64(merge.right)
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while slots[2 * slot] != Self.emptyKey && slots[2 * slot] != key { slot = (slot + 1) & (capacity - 1) }
            if slots[2 * slot] == Self.emptyKey { count += 1 }
            slots[2 * slot] = key
            slots[2 * slot + 1] = UInt64(merge.rank) << 32 | UInt64(merge.merged)
        }
        self.slots = slots
        self.mask = capacity - 1
        self.shift = shift
        self.count = count
    }

    /// `rank << 32 | merged id` for the pair, or `noMerge`.
    @inline(__always)
    func lookup(_ left: UInt32, _ right: UInt32) -> UInt64 {
        let key = UInt64(left) << 32 | UInt64(right)
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        return slots.withUnsafeBufferPointer { table in
            while true {
                let found = table[2 * slot]
                if found == key { return table[2 * slot + 1] }
                if found == Self.emptyKey { return Self.noMerge }
                slot = (slot + 1) & mask
            }
        }
    }
}
