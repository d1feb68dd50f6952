import Foundation
import Synchronization
import Testing

@testable import HTTPRating

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
        #expect(HTTPRetryPolicy.parseRetryAfter(" 1.5 ") == .milliseconds(1500))
        #expect(HTTPRetryPolicy.parseRetryAfter("-1") == nil)
        #expect(HTTPRetryPolicy.parseRetryAfter("soon") == nil)
        #expect(HTTPRetryPolicy.parseRetryAfter(nil) == nil)
    }

    @Test func retryAfterAsAnHTTPDateIsTheWaitUntilThatMoment() {
        // 2015-10-21 07:28:00 UTC is 1445412480 s after the epoch.
        let now = Date(timeIntervalSince1970: 1_445_412_480 - 90)
        #expect(HTTPRetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now: now) == .seconds(90))
        #expect(HTTPRetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:27:00 GMT", now: now) == .seconds(30))
        // A moment already past means: try again now.
        #expect(HTTPRetryPolicy.parseRetryAfter("Tue, 20 Oct 2015 07:28:00 GMT", now: now) == .zero)
        #expect(HTTPDate.parseIMFFixdate("Sun, 06 Nov 1994 08:49:37 GMT") == Date(timeIntervalSince1970: 784_111_777))
        #expect(HTTPDate.parseIMFFixdate("Thu, 29 Feb 2024 23:59:59 GMT") == Date(timeIntervalSince1970: 1_709_251_199))
        #expect(HTTPDate.parseIMFFixdate("Thu, 01 Jan 1970 00:00:00 GMT") == Date(timeIntervalSince1970: 0))
    }

    @Test func malformedHTTPDatesAreNotGuessed() {
        for text in [
            "Sun, 06 Nov 1994 08:49:37 UTC",  // only GMT
            "Sunday, 06-Nov-94 08:49:37 GMT",  // RFC 850, obsolete
            "Sun Nov  6 08:49:37 1994",  // asctime, obsolete
            "Sun, 6 Nov 1994 08:49:37 GMT",  // two-digit day
            "Sun, 06 Foo 1994 08:49:37 GMT", "Xyz, 06 Nov 1994 08:49:37 GMT",
            "Sun, 31 Nov 1994 08:49:37 GMT", "Thu, 29 Feb 2023 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:00 GMT", "Sun, 06 Nov 19x4 08:49:37 GMT", "",
        ] {
            #expect(HTTPDate.parseIMFFixdate(text) == nil, "\(text)")
            #expect(HTTPRetryPolicy.parseRetryAfter(text) == nil, "\(text)")
        }
    }

    @Test func concurrencyHalvesOnOverloadAndGrowsBack() async {
        let limiter = HTTPConcurrencyLimiter(maximum: 16)
        await limiter.acquire()
        limiter.release(overloaded: true)
        #expect(limiter.limit == 8)
        await limiter.acquire()
        limiter.release(overloaded: true)
        #expect(limiter.limit == 4)
        for _ in 0..<200 {
            await limiter.acquire()
            limiter.release(overloaded: false)
        }
        #expect(limiter.limit == 16)
        #expect(limiter.inFlight == 0)
    }

    @Test func noMoreThanTheLimitHoldASlotAndEveryWaiterGetsOne() async {
        let limiter = HTTPConcurrencyLimiter(maximum: 3)
        final class Held: Sendable { let slots = Mutex((now: 0, highest: 0, order: [Int]())) }
        let held = Held()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<3000 {
                group.addTask {
                    await limiter.acquire()
                    held.slots.withLock {
                        $0.now += 1
                        $0.highest = max($0.highest, $0.now)
                        $0.order.append(index)
                    }
                    await Task.yield()
                    held.slots.withLock { $0.now -= 1 }
                    limiter.release(overloaded: false)
                }
            }
        }
        let result = held.slots.withLock { $0 }
        #expect(result.highest <= 3 && result.highest >= 2, "\(result.highest) slots held at once")
        #expect(result.order.count == 3000 && Set(result.order).count == 3000)
        #expect(limiter.inFlight == 0)
    }
}
