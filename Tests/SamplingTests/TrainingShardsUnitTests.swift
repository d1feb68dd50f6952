import Testing

@testable import Sampling
@testable import TrainingShards

@Suite("training shards: the shuffle's keys and datatrove's metadata")
struct TrainingShardsUnitTests {
    /// humanize.metric(value, unit="T") as datatrove writes it into `.ds.metadata` (values printed by humanize 4.17).
    @Test(
        arguments: [
            (0, "0.00 T"), (7, "7.00 T"), (13, "13.0 T"), (999, "999 T"), (1000, "1.00 kT"), (72733, "72.7 kT"),
            (999_499, "999 kT"), (999_500, "1.00 MT"), (999_999, "1.00 MT"), (1_234_567, "1.23 MT"),
            (12_345_678_901, "12.3 GT"),
        ] as [(UInt64, String)]
    )
    func metricPrintsAsHumanize(value: UInt64, expected: String) {
        #expect(DatatroveShardWriter.metric(value, unit: "T") == expected)
    }

    @Test func tokenWidthsFollowTheTrainers() {
        #expect(DatatroveShardWriter.tokenBytes(vocabularySize: 32_000) == 2)
        #expect(DatatroveShardWriter.tokenBytes(vocabularySize: 65_536) == 2)
        #expect(DatatroveShardWriter.tokenBytes(vocabularySize: 65_537) == 4)
        #expect(DatatroveShardWriter.tokenBytes(vocabularySize: 151_665) == 4)
    }

    /// The position of a copy depends on the seed and the copies, never on the order the copies are listed in,
    /// and another seed gives another order.
    @Test func theShuffleIsAFunctionOfSeedAndCopies() {
        let copies = (0..<500).map { index in
            Materializer.Copy(
                shard: "s\(index % 7)",
                offset: Int64(index * 10),
                length: 9,
                tokens: 3,
                docID: "d\(index / 2)",
                idHash: UInt64(index / 2) &* 0x9E37_79B9_7F4A_7C15,
                epoch: Int32(index % 2),
                row: index
            )
        }
        func order(_ list: [Materializer.Copy], seed: UInt64) -> [Int] {
            let positions = TrainingOrder.positions(of: list, seed: seed, shuffle: true)
            return list.indices.sorted { positions[$0] < positions[$1] }.map { list[$0].row }
        }
        var generator = SystemRandomNumberGenerator()
        let shuffledInput = copies.shuffled(using: &generator)
        #expect(order(copies, seed: 5) == order(shuffledInput, seed: 5))
        #expect(order(copies, seed: 5) != order(copies, seed: 6))
        #expect(order(copies, seed: 5) != copies.map(\.row))
        #expect(TrainingOrder.positions(of: copies, seed: 5, shuffle: false) == Array(copies.indices))
    }
}
