import Synchronization

/// Hands out the indices `0..<count` in order to workers that pull them, so fast workers take more:
/// the scheduler of the passes whose workers each fold the items they take into a partial result.
public final class WorkQueue: Sendable {
    private let next = Atomic<Int>(0)
    public let count: Int

    public init(count: Int) {
        self.count = count
    }

    /// The next index, or nil once all are taken.
    public func take() -> Int? {
        let index = next.add(1, ordering: .relaxed).oldValue
        return index < count ? index : nil
    }
}
