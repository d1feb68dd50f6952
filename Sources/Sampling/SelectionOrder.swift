import Foundation
import SplitMix

/// How documents are ordered inside a stratum before the budget cuts the order.
public enum SamplingMethod: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Highest score first; ties broken by the seeded key.
    case topK
    /// A seeded random permutation.
    case uniform
    /// QuRating: z-scored score / τ plus Gumbel noise, highest first: sampling without replacement
    /// with probability ∝ exp(z/τ).
    case temperature(tau: Double)

    /// Whether the order depends on the score (rows without one cannot be placed).
    public var usesScore: Bool { self != .uniform }

    public var description: String {
        switch self {
        case .topK: "top-k"
        case .uniform: "uniform"
        case .temperature(let tau): "temperature(tau=\(tau))"
        }
    }
}

/// The 64 random bits of a document: a function of the seed and its id_hash only, so every thread
/// count, file order and node count makes the same choices. SplitMix64's finalizer, easy to repeat
/// in any language (`mix(id_hash ^ mix(seed))`, arithmetic modulo 2^64).
public enum SeededBits {
    public static func of(idHash: Int64, seed: UInt64) -> UInt64 {
        SplitMix64.mix(UInt64(bitPattern: idHash) ^ SplitMix64.mix(seed))
    }

    /// The standard Gumbel variate of the bits: -ln(-ln p) with p = (top 53 bits + ½) / 2^53 in (0, 1).
    public static func gumbel(_ bits: UInt64) -> Double {
        let p = (Double(bits >> 11) + 0.5) * 0x1p-53
        return -log(-log(p))
    }
}

/// Maps (score, random bits) to one unsigned sort key, larger first, per method:
/// top-k packs the score above the top 57 random bits; uniform is the bits; temperature is the
/// order-preserving bit pattern of `(score − mean) / (sd · τ) + Gumbel(bits)`.
public struct SelectionOrder: Sendable {
    public let method: SamplingMethod
    /// For temperature: the z-score offset of each score value; empty otherwise.
    let offsets: [Double]

    /// Random bits are bucketed by their top `bucketBits` bits for the key histogram.
    public let bucketBits: Int
    /// Scores (sums of 1-5 ratings) must fit the 7 bits top-k keeps for them.
    public static let maxScore = 127

    /// `mean` and `deviation` are the score's moments over the pool (used by temperature only).
    public init(method: SamplingMethod, bucketBits: Int, mean: Double = 0, deviation: Double = 0) {
        precondition((1...16).contains(bucketBits))
        self.method = method
        self.bucketBits = bucketBits
        if case .temperature(let tau) = method {
            // A pool with one score value has no spread: every z-score is 0 and the order is uniform.
            let scale = deviation > 0 ? 1 / (deviation * tau) : 0
            offsets = (0...Self.maxScore).map { (Double($0) - mean) * scale }
        } else {
            offsets = []
        }
    }

    /// The histogram class of a row: its score where the method orders by score, else 0.
    @inline(__always)
    public func scoreClass(_ score: Int) -> Int { method.usesScore ? score : 0 }

    @inline(__always)
    public func bucket(_ bits: UInt64) -> Int { Int(bits >> UInt64(64 - bucketBits)) }

    @inline(__always)
    public func key(scoreClass: Int, bits: UInt64) -> UInt64 {
        switch method {
        case .topK: UInt64(scoreClass) << 57 | bits >> 7
        case .uniform: bits
        case .temperature: Self.orderable(offsets[scoreClass] + SeededBits.gumbel(bits))
        }
    }

    /// The keys rows of one histogram bucket can have. Temperature widens the range by a few
    /// ulps so that rounding in `log` can never put a key outside it.
    func keyRange(scoreClass: Int, bucket: Int) -> ClosedRange<UInt64> {
        let shift = UInt64(64 - bucketBits)
        let low = UInt64(bucket) << shift
        let high = low | ((1 << shift) - 1)
        let a = key(scoreClass: scoreClass, bits: low)
        let b = key(scoreClass: scoreClass, bits: high)
        if case .temperature = method {
            return (a > 8 ? a - 8 : 0)...(b < .max - 8 ? b + 8 : .max)
        }
        return a...b
    }

    /// Order-preserving map from doubles to unsigned integers.
    static func orderable(_ value: Double) -> UInt64 {
        let bits = value.bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }
}
