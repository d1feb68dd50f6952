import Synchronization
import Testing

@testable import ParallelWork

@Suite struct OrderedWindowTests {
    /// Counts jobs running at once, to check the window's bound.
    final class Gauge: Sendable {
        private let state = Mutex((now: 0, most: 0))
        func enter() {
            state.withLock {
                $0.now += 1
                $0.most = max($0.most, $0.now)
            }
        }
        func leave() { state.withLock { $0.now -= 1 } }
        var most: Int { state.withLock { $0.most } }
    }

    @Test(arguments: [1, 2, 5])
    func resultsComeBackInSubmissionOrderWithinTheBounds(width: Int) async throws {
        let gauge = Gauge()
        var delivered: [Int] = []
        var mostOutstanding = 0
        try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            var window = OrderedWindow<Int>(width: width, lookahead: 2 * width)
            for job in 0..<60 {
                // Later jobs finish first within each group of seven: order must come from the window.
                let delay = UInt64((7 - job % 7) * 200_000)
                delivered += try await window.submit(to: &group) {
                    gauge.enter()
                    defer { gauge.leave() }
                    try await Task.sleep(nanoseconds: delay)
                    return job
                }
                mostOutstanding = max(mostOutstanding, window.outstanding)
            }
            delivered += try await window.drain(&group)
            #expect(window.outstanding == 0)
        }
        #expect(delivered == Array(0..<60))
        #expect(gauge.most <= width)
        #expect(mostOutstanding <= 2 * width)
    }

    @Test func aFailingJobFailsTheWindow() async {
        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            try await orderedMap(count: 10, width: 3) { item in
                if item == 4 { throw Boom() }
                return item
            } consume: { _, _ in
            }
        }
    }

    @Test func orderedMapConsumesEveryIndexInOrder() async throws {
        var seen: [Int] = []
        try await orderedMap(count: 100, width: 4) {
            $0 * $0
        } consume: { index, square in
            #expect(square == index * index)
            seen.append(index)
        }
        #expect(seen == Array(0..<100))
    }
}
