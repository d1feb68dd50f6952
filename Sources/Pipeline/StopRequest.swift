import Synchronization

/// Asks a running annotate to stop: set from a signal handler (or a test), read by the shard loop
/// between records. The shard in progress is abandoned (its temporary file removed); shards already
/// committed stay, so rerunning the same command resumes.
public final class StopRequest: Sendable {
    private let signalNumber = Atomic<Int32>(0)

    public init() {}

    /// Records the first request; returns false when a stop was already requested.
    @discardableResult
    public func request(signal: Int32) -> Bool {
        signalNumber.compareExchange(expected: 0, desired: signal, ordering: .sequentiallyConsistent).exchanged
    }

    public var isRequested: Bool { signalNumber.load(ordering: .relaxed) != 0 }
    /// The signal that asked to stop, 0 when none did.
    public var signal: Int32 { signalNumber.load(ordering: .relaxed) }
}

/// Thrown by `Annotator.run()` when a `StopRequest` ended the run early.
public struct RunStopped: Error, CustomStringConvertible {
    public let signal: Int32
    /// Shards committed by this run before it stopped (they are skipped on the rerun).
    public let shardsCommitted: Int
    /// The shard that was in progress and abandoned, if any.
    public let abandonedShard: String?

    public var description: String {
        let abandoned = abandonedShard.map { "; \($0) was abandoned, nothing of it was written" } ?? ""
        return "stopped by signal \(signal) after committing \(shardsCommitted) shard(s) in this run\(abandoned)"
    }
}

/// Internal: unwinds a shard's work when a stop is requested.
struct StopUnwind: Error {}
