/// Latencies in fixed logarithmic buckets: exact below 8 µs, then 8 buckets per power of two, so
/// a percentile read back is within 6.25% of the true value, from 1 µs up to about 4.8 hours (longer
/// ones land in the last bucket). Recording touches one counter and never allocates; histograms of
/// several raters or runs merge by adding their buckets.
public struct LatencyHistogram: Sendable, Equatable {
    static let subBucketBits = 3
    static let subBuckets = 1 << subBucketBits
    /// The highest power of two covered: 2^34 µs.
    static let maxExponent = 33
    static let bucketCount = (maxExponent - subBucketBits + 2) * subBuckets

    private var buckets = [UInt64](repeating: 0, count: bucketCount)
    /// How many latencies were recorded.
    public private(set) var count: UInt64 = 0

    public init() {}

    public mutating func record(_ latency: Duration) {
        let (seconds, attoseconds) = latency.components
        let microseconds =
            seconds < 0
            ? 0 : UInt64(clamping: seconds) &* 1_000_000 &+ UInt64(clamping: attoseconds / 1_000_000_000_000)
        buckets[Self.bucket(of: microseconds)] += 1
        count += 1
    }

    public mutating func merge(_ other: LatencyHistogram) {
        for index in buckets.indices { buckets[index] += other.buckets[index] }
        count += other.count
    }

    /// The latency below which a fraction `q` (0...1) of the recorded ones lie, e.g. 0.5 or 0.99, as
    /// the middle of its bucket; nil while nothing is recorded.
    public func percentile(_ q: Double) -> Duration? {
        guard count > 0 else { return nil }
        let rank = max(1, UInt64((min(max(q, 0), 1) * Double(count)).rounded(.up)))
        var seen: UInt64 = 0
        for (index, bucketCount) in buckets.enumerated() {
            seen += bucketCount
            if seen >= rank {
                let (lower, upper) = Self.bounds(of: index)
                return .microseconds(Int64(lower + (upper - lower) / 2))
            }
        }
        return nil
    }

    static func bucket(of microseconds: UInt64) -> Int {
        if microseconds < UInt64(subBuckets) { return Int(microseconds) }
        let exponent = min(63 - microseconds.leadingZeroBitCount, maxExponent)
        let subBucket =
            exponent == 63 - microseconds.leadingZeroBitCount
            ? Int(microseconds >> UInt64(exponent - subBucketBits)) & (subBuckets - 1) : subBuckets - 1
        return (exponent - subBucketBits + 1) * subBuckets + subBucket
    }

    /// A bucket's range of microseconds, lower bound included, upper bound excluded.
    static func bounds(of bucket: Int) -> (lower: UInt64, upper: UInt64) {
        if bucket < subBuckets { return (UInt64(bucket), UInt64(bucket) + 1) }
        let exponent = bucket / subBuckets + subBucketBits - 1
        let step = UInt64(1) << UInt64(exponent - subBucketBits)
        let lower = UInt64(subBuckets + bucket % subBuckets) * step
        return (lower, lower + step)
    }
}
