/// Bounds the requests in flight across every endpoint and adapts the bound to the servers: an
/// overload answer (429, 503) halves it, each success grows it back by 1/limit (additive increase,
/// multiplicative decrease), never above the configured maximum.
actor HTTPConcurrencyLimiter {
    let maximum: Int
    private(set) var limit: Double
    private(set) var inFlight = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(maximum: Int) {
        precondition(maximum >= 1, "concurrency must be at least 1")
        self.maximum = maximum
        limit = Double(maximum)
    }

    /// Waits for a free slot; every `acquire` must be followed by one `release`.
    func acquire() async {
        if inFlight < Int(limit) && waiters.isEmpty {
            inFlight += 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release(overloaded: Bool) {
        inFlight -= 1
        if overloaded {
            limit = max(1, limit / 2)
        } else {
            limit = min(Double(maximum), limit + 1 / limit)
        }
        while !waiters.isEmpty && inFlight < Int(limit) {
            inFlight += 1
            waiters.removeFirst().resume()
        }
    }
}
