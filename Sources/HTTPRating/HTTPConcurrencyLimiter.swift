import Synchronization

/// Bounds the requests in flight across every endpoint and adapts the bound to the servers: an
/// overload answer (429, 503) halves it, each success grows it back by 1/limit (additive increase,
/// multiplicative decrease), never above the configured maximum. A lock rather than an actor: a
/// free slot is taken without leaving the caller's thread, which matters at thousands of requests
/// a second.
final class HTTPConcurrencyLimiter: Sendable {
    let maximum: Int

    private struct State {
        var limit: Double
        var inFlight = 0
        /// Tasks waiting for a slot, first come first served from `head` on.
        var waiters: [CheckedContinuation<Void, Never>] = []
        var head = 0

        var waiting: Int { waiters.count - head }

        mutating func admit() -> Bool {
            guard waiting == 0, inFlight < Int(limit) else { return false }
            inFlight += 1
            return true
        }

        mutating func nextWaiter() -> CheckedContinuation<Void, Never>? {
            guard waiting > 0, inFlight < Int(limit) else { return nil }
            inFlight += 1
            let waiter = waiters[head]
            head += 1
            if head == waiters.count {
                waiters.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 1024 && head * 2 >= waiters.count {
                waiters.removeFirst(head)  // amortised O(1); storage stays under twice the waiters or 2,048
                head = 0
            }
            return waiter
        }
    }

    private let state: Mutex<State>

    init(maximum: Int) {
        precondition(maximum >= 1, "concurrency must be at least 1")
        self.maximum = maximum
        state = Mutex(State(limit: Double(maximum)))
    }

    var limit: Double { state.withLock { $0.limit } }
    var inFlight: Int { state.withLock { $0.inFlight } }

    /// Waits for a free slot; every `acquire` must be followed by one `release`.
    func acquire() async {
        if state.withLock({ $0.admit() }) { return }
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let admitted = state.withLock { state in
                if state.admit() { return true }
                state.waiters.append(waiter)
                return false
            }
            if admitted { waiter.resume() }
        }
    }

    func release(overloaded: Bool) {
        var next = state.withLock { state in
            state.inFlight -= 1
            state.limit = overloaded ? max(1, state.limit / 2) : min(Double(maximum), state.limit + 1 / state.limit)
            return state.nextWaiter()
        }
        // Resumed outside the lock; more than one only when the limit grew past a whole slot.
        while let waiter = next {
            waiter.resume()
            next = state.withLock { $0.nextWaiter() }
        }
    }
}
