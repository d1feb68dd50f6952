import Testing

@testable import Rating

@Suite struct LatencyHistogramTests {
    @Test func bucketsTileTheRangeWithoutGapsOrOverlaps() {
        var expectedLower: UInt64 = 0
        for bucket in 0..<LatencyHistogram.bucketCount {
            let (lower, upper) = LatencyHistogram.bounds(of: bucket)
            #expect(lower == expectedLower, "bucket \(bucket)")
            #expect(
                LatencyHistogram.bucket(of: lower) == bucket && LatencyHistogram.bucket(of: upper - 1) == bucket
            )
            // Relative width at most 1/8, so the middle is within 6.25% of any value in it.
            #expect(lower < 8 || Double(upper - lower) / Double(lower) <= 0.125)
            expectedLower = upper
        }
        #expect(LatencyHistogram.bucket(of: .max) == LatencyHistogram.bucketCount - 1)
    }

    @Test func percentilesAreWithinTheBucketError() {
        var histogram = LatencyHistogram()
        #expect(histogram.percentile(0.5) == nil)
        // 1 ms ... 1000 ms, one each: the median is 500 ms, p99 990 ms.
        for milliseconds in 1...1000 { histogram.record(.milliseconds(milliseconds)) }
        #expect(histogram.count == 1000)
        func close(_ measured: Duration?, _ exact: Duration) -> Bool {
            guard let measured else { return false }
            return abs((measured / exact) - 1) <= 0.0625
        }
        #expect(close(histogram.percentile(0.5), .milliseconds(500)))
        #expect(close(histogram.percentile(0.99), .milliseconds(990)))
        #expect(close(histogram.percentile(0), .milliseconds(1)))
        #expect(close(histogram.percentile(1), .milliseconds(1000)))
    }

    @Test func mergingAddsTheRecords() {
        var fast = LatencyHistogram()
        var slow = LatencyHistogram()
        var both = LatencyHistogram()
        for _ in 0..<90 {
            fast.record(.milliseconds(50))
            both.record(.milliseconds(50))
        }
        for _ in 0..<10 {
            slow.record(.seconds(2))
            both.record(.seconds(2))
        }
        fast.merge(slow)
        #expect(fast == both)
        #expect(fast.count == 100)
        #expect(fast.percentile(0.9)! < .milliseconds(55))
        #expect(fast.percentile(0.91)! > .milliseconds(1900))
        var negative = LatencyHistogram()
        negative.record(.milliseconds(-5))
        #expect(negative.percentile(0.5)! < .microseconds(1))
    }
}
