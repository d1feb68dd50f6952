/// What the model reads from a text and how large it is; stored in the model file, so a model is
/// always applied with the features it was trained on.
public struct FeatureSettings: Codable, Sendable, Equatable {
    /// The embedding table has 2^bucketBits rows; every hashed feature lands in one of them. 17
    /// rather than 18: on the distillation benchmark the agreement with the heuristic was the same
    /// (domain 0.851 against 0.849) and the half-size table rates 1.15-1.2x faster (fewer cache
    /// misses) from a 3.9 MB file instead of 5.4 MB (scripts/bench/distill.sh).
    public var bucketBits = 17
    /// Width of the embeddings, shared by all 15 heads: with word unigrams, 32 agreed better than
    /// 16 on the benchmark corpus (domain 0.849 against 0.825) at 1.1x the rating time.
    public var dimensions = 32
    /// Word n-grams of orders 1...wordOrder (0: no word features). Unigrams alone agreed better
    /// with the heuristic on the benchmark corpus than with bigrams (README), at 0.8x the cost.
    public var wordOrder = 1
    /// Byte n-grams of orders charMin...charMax over the normalized text (charMax 0: none); for
    /// ASCII text these are character n-grams. Off by default: on the benchmark corpus, 3- to
    /// 5-grams lowered the agreement with the heuristic and cost 3.7x the rating time (README).
    public var charMin = 3
    public var charMax = 0
    /// Hashed features come from the first `headBytes` and the last `tailBytes` of the text only,
    /// which bounds the cost of a long document (DataMan itself rates a head and a tail of 947
    /// tokens each); the dense features see the whole text.
    public var headBytes = 16384
    public var tailBytes = 4096
    /// Length, line and character-class statistics of the whole text beside the embeddings.
    public var denseFeatures = true

    public init() {}

    public var buckets: Int { 1 << bucketBits }

    /// The hidden vector: the mean embedding, then the dense features.
    var hiddenWidth: Int { dimensions + denseCount }
    var denseCount: Int { denseFeatures ? DenseFeatures.count : 0 }

    /// Why these settings cannot make a model, or nil when they can.
    public var problem: String? {
        if !(8...24).contains(bucketBits) { return "bucket bits must be 8-24, not \(bucketBits)" }
        if !(1...256).contains(dimensions) { return "dimensions must be 1-256, not \(dimensions)" }
        if !(0...2).contains(wordOrder) { return "word n-gram order must be 0, 1 or 2, not \(wordOrder)" }
        if charMax != 0, !(1...8).contains(charMin) || !(charMin...8).contains(charMax) {
            return "character n-gram orders must be within 1-8, not \(charMin)-\(charMax)"
        }
        if headBytes < 0 || tailBytes < 0 || headBytes + tailBytes == 0 {
            return "the head and tail windows must not be negative, and not both empty"
        }
        if wordOrder == 0 && charMax == 0 { return "no word and no character n-grams: nothing to hash" }
        return nil
    }
}
