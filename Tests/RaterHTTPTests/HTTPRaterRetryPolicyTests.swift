@testable import Raters
import Testing

@Suite struct HTTPRaterRetryPolicyTests {
    @Test func backoffGrowsWithJitterAndStopsAtTheCap() {
        let policy = HTTPRetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(100), maxDelay: .seconds(2))
        for attempt in 0..<8 {
            let full = min(Duration.milliseconds(100) * (1 << attempt), .seconds(2))
            let delay = policy.delay(afterAttempt: attempt, retryAfter: nil)
            #expect(delay >= full * 0.5 && delay <= full)
        }
    }

    @Test func retryAfterIsHonouredUpToTheCap() {
        let policy = HTTPRetryPolicy(maxDelay: .seconds(30))
        #expect(policy.delay(afterAttempt: 0, retryAfter: HTTPRetryPolicy.parseRetryAfter("3")) == .seconds(3))
        #expect(policy.delay(afterAttempt: 0, retryAfter: HTTPRetryPolicy.parseRetryAfter("3600")) == .seconds(30))
        #expect(HTTPRetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == nil)
    }

    @Test func concurrencyHalvesOnOverloadAndGrowsBack() async {
        let limiter = HTTPConcurrencyLimiter(maximum: 16)
        await limiter.acquire()
        await limiter.release(overloaded: true)
        #expect(await limiter.limit == 8)
        await limiter.acquire()
        await limiter.release(overloaded: true)
        #expect(await limiter.limit == 4)
        for _ in 0..<200 {
            await limiter.acquire()
            await limiter.release(overloaded: false)
        }
        #expect(await limiter.limit == 16)
        #expect(await limiter.inFlight == 0)
    }
}
