import Testing

@testable import Tokenizers

@Suite struct BytePairMergerTests {
    /// The textbook rule, applied literally: merge the lowest-ranked adjacent pair, leftmost on ties.
    func referenceMerge(_ symbols: [UInt32], _ rules: [UInt64: (rank: UInt32, merged: UInt32)]) -> [UInt32] {
        var symbols = symbols
        while symbols.count > 1 {
            var best: (rank: UInt32, index: Int, merged: UInt32)?
            for index in 0..<(symbols.count - 1) {
                if let rule = rules[UInt64(symbols[index]) << 32 | UInt64(symbols[index + 1])],
                    best == nil || rule.rank < best!.rank
                {
                    best = (rule.rank, index, rule.merged)
                }
            }
            guard let best else { break }
            symbols[best.index] = best.merged
            symbols.remove(at: best.index + 1)
        }
        return symbols
    }

    func merged(_ symbols: [UInt32], _ table: PairMergeTable, heap: Bool) -> [UInt32] {
        var buffer = symbols
        var pairs = [UInt64](repeating: 0, count: symbols.count)
        let count = buffer.withUnsafeMutableBufferPointer { pointer in
            pairs.withUnsafeMutableBufferPointer { pairPointer in
                BytePairMerger.lookUpPairs(
                    pointer.baseAddress!,
                    into: pairPointer.baseAddress!,
                    count: pointer.count,
                    merges: table
                )
                return heap
                    ? BytePairMerger.mergeByHeap(
                        pointer.baseAddress!,
                        pairs: pairPointer.baseAddress!,
                        count: pointer.count,
                        merges: table
                    )
                    : BytePairMerger.mergeByScan(
                        pointer.baseAddress!,
                        pairs: pairPointer.baseAddress!,
                        count: pointer.count,
                        merges: table
                    )
            }
        }
        return Array(buffer[..<count])
    }

    @Test func scanAndHeapAgreeWithTheTextbookRule() {
        var generator = SystemRandomNumberGenerator()
        var rules: [UInt64: (rank: UInt32, merged: UInt32)] = [:]
        var list: [(left: UInt32, right: UInt32, rank: UInt32, merged: UInt32)] = []
        var next: UInt32 = 6
        // Random merges over a small alphabet, merged tokens merging again, ranks shuffled.
        for rank in (0..<120).shuffled(using: &generator) {
            let left = UInt32.random(in: 0..<next, using: &generator)
            let right = UInt32.random(in: 0..<next, using: &generator)
            let key = UInt64(left) << 32 | UInt64(right)
            if rules[key] != nil { continue }
            rules[key] = (UInt32(rank), next)
            list.append((left, right, UInt32(rank), next))
            next += 1
        }
        let table = PairMergeTable(list)
        for _ in 0..<400 {
            let symbols = (0..<Int.random(in: 1...120, using: &generator)).map { _ in
                UInt32.random(in: 0..<6, using: &generator)
            }
            let expected = referenceMerge(symbols, rules)
            #expect(merged(symbols, table, heap: false) == expected)
            #expect(merged(symbols, table, heap: true) == expected)
        }
    }

    @Test func laterDuplicateMergesWin() {
        let table = PairMergeTable([(1, 2, 0, 10), (1, 2, 5, 11)])
        #expect(table.lookup(1, 2) == 5 << 32 | 11)
        #expect(table.lookup(2, 1) == PairMergeTable.noMerge)
        #expect(table.count == 1)
    }

    @Test func longRunsMergeWithoutQuadraticCost() {
        // Doubling merges: a run of 2^17 copies of symbol 0 collapses to one token in 17 rounds.
        let list: [(left: UInt32, right: UInt32, rank: UInt32, merged: UInt32)] = (0..<17).map { ($0, $0, $0, $0 + 1) }
        let table = PairMergeTable(list)
        let result = merged([UInt32](repeating: 0, count: 1 << 17), table, heap: true)
        #expect(result == [17])
    }
}
