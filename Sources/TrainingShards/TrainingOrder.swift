import Sampling
import SplitMix

/// The order training sees the selected copies in. Shuffled, it is a pure function of the seed and each
/// copy's (id_hash, epoch): every copy gets its own SplitMix64 sort key, so a document's repeats land
/// independently of each other, and neither thread count, rank count nor file order changes the result.
public enum TrainingOrder {
    /// The sort key of one copy of a document.
    public static func key(seed: UInt64, idHash: UInt64, epoch: Int32) -> UInt64 {
        SplitMix64.mix(SplitMix64.mix(seed ^ idHash) &+ UInt64(UInt32(bitPattern: epoch)))
    }

    /// The position in the output of each copy (indexed as `copies`). Unshuffled, the copies keep their
    /// reading order (shard by shard, by offset, a repeat after its first copy), the order `--materialize`
    /// wrote before shuffling existed and the order a datatrove run over those lines sees.
    public static func positions(of copies: [Materializer.Copy], seed: UInt64, shuffle: Bool) -> [Int] {
        guard shuffle else { return Array(copies.indices) }
        let keys = copies.map { key(seed: seed, idHash: $0.idHash, epoch: $0.epoch) }
        // Ties (a 64-bit key collision, or one document annotated twice) fall back to the id hash and epoch,
        // then to the reading order, which is itself a function of the selection.
        let order = copies.indices.sorted {
            (keys[$0], copies[$0].idHash, copies[$0].epoch, $0) < (keys[$1], copies[$1].idHash, copies[$1].epoch, $1)
        }
        var positions = [Int](repeating: 0, count: copies.count)
        for (position, index) in order.enumerated() { positions[index] = position }
        return positions
    }
}
