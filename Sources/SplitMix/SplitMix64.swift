/// SplitMix64 (Steele, Lea and Flood, 2014): a 64-bit mixer with full avalanche, used wherever the
/// engine turns a key into well-spread bits (seeded selection keys, example picks, the heuristic
/// rater's hash tables), and the seeded generator of the tests.
public enum SplitMix64 {
    /// The golden-ratio increment of the generator's state.
    public static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The generator's output for state `x`: the finaliser applied to `x + increment`.
    @inlinable @inline(__always)
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ increment
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A seeded SplitMix64 stream, so anything drawn from it repeats run after run.
public struct SplitMix64Generator: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(state: UInt64) {
        self.state = state
    }

    public mutating func next() -> UInt64 {
        defer { state &+= SplitMix64.increment }
        return SplitMix64.mix(state)
    }

    /// A value in 0..<n (with the modulo's tiny bias, which fixtures do not mind).
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
