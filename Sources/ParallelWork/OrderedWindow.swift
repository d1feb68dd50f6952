/// Runs jobs on a task group a few at a time and hands their results back in the order the jobs were
/// submitted, whatever order they finish in: the one reorder buffer of annotate's rating batches and of
/// sample's row-group passes.
///
/// Memory is bounded by two numbers: at most `width` jobs run at once, and at most `lookahead` results
/// (running or finished but not yet handed back) exist at once, so one slow job cannot let the fast ones
/// pile up without limit.
///
/// Use it inside `withThrowingTaskGroup(of: (Int, Value).self)`: `submit` starts a job (waiting first for
/// room) and returns the results that became ready in order; `drain` waits for the rest.
public struct OrderedWindow<Value: Sendable> {
    public let width: Int
    public let lookahead: Int
    private var submitted = 0
    private var received = 0
    private var delivered = 0
    private var finished: [Int: Value] = [:]

    public init(width: Int, lookahead: Int? = nil) {
        precondition(width >= 1, "a window runs at least one job")
        self.width = width
        self.lookahead = max(width, lookahead ?? width)
    }

    /// Jobs submitted and not yet handed back.
    public var outstanding: Int { submitted - delivered }

    /// Starts `job` once there is room, and returns the results now ready, oldest first.
    public mutating func submit(
        to group: inout ThrowingTaskGroup<(Int, Value), any Error>,
        _ job: @escaping @Sendable () async throws -> Value
    ) async throws -> [Value] {
        var ready: [Value] = []
        while submitted - received >= width || submitted - delivered >= lookahead {
            try await receiveOne(from: &group, into: &ready)
        }
        let index = submitted
        group.addTask { (index, try await job()) }
        submitted += 1
        return ready
    }

    /// Waits for every submitted job and returns the results not yet handed back, oldest first.
    public mutating func drain(_ group: inout ThrowingTaskGroup<(Int, Value), any Error>) async throws -> [Value] {
        var ready: [Value] = []
        while delivered < submitted {
            try await receiveOne(from: &group, into: &ready)
        }
        return ready
    }

    private mutating func receiveOne(
        from group: inout ThrowingTaskGroup<(Int, Value), any Error>,
        into ready: inout [Value]
    ) async throws {
        // Every submitted job is in the group until received, so next() returns one while any is owed.
        guard let (index, value) = try await group.next() else {
            preconditionFailure("the task group ran out of jobs the window had submitted")
        }
        received += 1
        finished[index] = value
        while let value = finished.removeValue(forKey: delivered) {
            ready.append(value)
            delivered += 1
        }
    }
}

/// `work(0..<count)` on up to `width` concurrent tasks, each result handed to `consume` in index order,
/// holding at most `2 × width` results at once.
public func orderedMap<Value: Sendable>(
    count: Int,
    width: Int,
    _ work: @escaping @Sendable (Int) throws -> Value,
    consume: (Int, Value) throws -> Void
) async throws {
    try await withThrowingTaskGroup(of: (Int, Value).self) { group in
        var window = OrderedWindow<Value>(width: max(1, width), lookahead: 2 * max(1, width))
        var consumed = 0
        for item in 0..<count {
            for value in try await window.submit(to: &group, { try work(item) }) {
                try consume(consumed, value)
                consumed += 1
            }
        }
        for value in try await window.drain(&group) {
            try consume(consumed, value)
            consumed += 1
        }
    }
}
