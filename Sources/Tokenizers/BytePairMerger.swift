/// Applies BPE merges to one piece: repeatedly merges the adjacent pair with the lowest rank, the
/// leftmost one on ties, until no pair merges. That is the rule of Hugging Face `tokenizers` (merge
/// list rank) and of `tiktoken` (rank of the concatenated bytes), so one engine serves both.
enum BytePairMerger {
    /// Pieces up to this many symbols use the array scan; longer ones (CJK runs, whole SentencePiece
    /// words of Llama-2) use the heap, which keeps the worst case at O(n log n).
    static let heapThreshold = 48

    /// Merges `symbols[0..<count]` in place and returns how many tokens remain at the front.
    /// `pairs[0..<count - 1]` holds the lookup of each adjacent pair of the input and is overwritten.
    @inline(__always)
    static func merge(
        _ symbols: UnsafeMutablePointer<UInt32>,
        pairs: UnsafeMutablePointer<UInt64>,
        count: Int,
        merges: PairMergeTable
    ) -> Int {
        if count < 2 { return count }
        if count <= heapThreshold { return mergeByScan(symbols, pairs: pairs, count: count, merges: merges) }
        return mergeByHeap(symbols, pairs: pairs, count: count, merges: merges)
    }

    /// Fills `pairs` with the lookup of each adjacent pair of `symbols`.
    @inline(__always)
    static func lookUpPairs(
        _ symbols: UnsafeMutablePointer<UInt32>,
        into pairs: UnsafeMutablePointer<UInt64>,
        count: Int,
        merges: PairMergeTable
    ) {
        for index in 0..<max(count - 1, 0) { pairs[index] = merges.lookup(symbols[index], symbols[index + 1]) }
    }

    /// O(n²) on tiny inputs, but with no allocation. Stops early once `stopLength` symbols remain.
    static func mergeByScan(
        _ symbols: UnsafeMutablePointer<UInt32>,
        pairs: UnsafeMutablePointer<UInt64>,
        count: Int,
        merges: PairMergeTable,
        stopLength: Int = 1
    ) -> Int {
        var length = count
        while length > max(stopLength, 1) {
            var best = PairMergeTable.noMerge
            var bestIndex = 0
            for index in 0..<(length - 1) where pairs[index] < best {
                best = pairs[index]
                bestIndex = index
            }
            if best == PairMergeTable.noMerge { break }
            symbols[bestIndex] = UInt32(truncatingIfNeeded: best)
            let tail = length - bestIndex - 2
            if tail > 0 {
                (symbols + bestIndex + 1).update(from: symbols + bestIndex + 2, count: tail)
                (pairs + bestIndex).update(from: pairs + bestIndex + 1, count: tail)
            }
            length -= 1
            if bestIndex > 0 {
                pairs[bestIndex - 1] = merges.lookup(symbols[bestIndex - 1], symbols[bestIndex])
            }
            if bestIndex < length - 1 {
                pairs[bestIndex] = merges.lookup(symbols[bestIndex], symbols[bestIndex + 1])
            }
        }
        return length
    }

    /// A linked list of symbols and a min-heap of candidate merges keyed by (rank, position). Entries
    /// go stale when a neighbour merges first; a popped entry is used only if its pair still has that rank.
    static func mergeByHeap(
        _ symbols: UnsafeMutablePointer<UInt32>,
        pairs: UnsafeMutablePointer<UInt64>,
        count: Int,
        merges: PairMergeTable
    ) -> Int {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: count * 2) { linkBuffer in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: count * 3) { heapBuffer in
                let previous = linkBuffer.baseAddress!
                let next = previous + count
                var heap = MinHeap(storage: heapBuffer.baseAddress!)
                let end = Int32(count)
                for index in 0..<count {
                    previous[index] = Int32(index - 1)
                    next[index] = Int32(index + 1)
                }
                for index in 0..<(count - 1) {
                    let pair = pairs[index]
                    if pair != PairMergeTable.noMerge { heap.push(pair & 0xFFFF_FFFF_0000_0000 | UInt64(index)) }
                }
                while let entry = heap.pop() {
                    let position = Int(entry & 0xFFFF_FFFF)
                    let right = next[position]
                    // A merged-away symbol has previous == -2; the pair must still exist with this rank.
                    guard previous[position] != -2, right != end else { continue }
                    let pair = merges.lookup(symbols[position], symbols[Int(right)])
                    guard pair >> 32 == entry >> 32 else { continue }
                    symbols[position] = UInt32(truncatingIfNeeded: pair)
                    let afterRight = next[Int(right)]
                    next[position] = afterRight
                    if afterRight != end { previous[Int(afterRight)] = Int32(position) }
                    previous[Int(right)] = -2
                    let left = previous[position]
                    if left >= 0 {
                        let leftPair = merges.lookup(symbols[Int(left)], symbols[position])
                        if leftPair != PairMergeTable.noMerge {
                            heap.push(leftPair & 0xFFFF_FFFF_0000_0000 | UInt64(left))
                        }
                    }
                    if afterRight != end {
                        let rightPair = merges.lookup(symbols[position], symbols[Int(afterRight)])
                        if rightPair != PairMergeTable.noMerge {
                            heap.push(rightPair & 0xFFFF_FFFF_0000_0000 | UInt64(position))
                        }
                    }
                }
                var written = 0
                var index: Int32 = 0
                while index != end {
                    symbols[written] = symbols[Int(index)]
                    written += 1
                    index = next[Int(index)]
                }
                return written
            }
        }
    }
}

/// A binary min-heap over caller-provided storage (sized by the caller: at most 3n pushes for n symbols).
private struct MinHeap {
    let storage: UnsafeMutablePointer<UInt64>
    var count = 0

    mutating func push(_ value: UInt64) {
        var index = count
        count += 1
        while index > 0 {
            let parent = (index - 1) >> 1
            if storage[parent] <= value { break }
            storage[index] = storage[parent]
            index = parent
        }
        storage[index] = value
    }

    mutating func pop() -> UInt64? {
        guard count > 0 else { return nil }
        let top = storage[0]
        count -= 1
        if count > 0 {
            let last = storage[count]
            var index = 0
            while true {
                var child = 2 * index + 1
                if child >= count { break }
                if child + 1 < count && storage[child + 1] < storage[child] { child += 1 }
                if last <= storage[child] { break }
                storage[index] = storage[child]
                index = child
            }
            storage[index] = last
        }
        return top
    }
}
