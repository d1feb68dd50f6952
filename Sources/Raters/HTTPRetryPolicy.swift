import Foundation

/// How long to wait before trying a failed request again: exponential backoff with jitter, or the
/// server's `Retry-After` when it gives one.
public struct HTTPRetryPolicy: Sendable, Equatable {
    /// Tries per request for connection errors, timeouts, 429 and 5xx, the first one included.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 8, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(30)) {
        precondition(maxAttempts >= 1, "at least one attempt")
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The wait after failed attempt `attempt` (0-based). Jitter spreads the retries of requests that
    /// failed together over half the backoff, so they do not return in one wave.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter { return min(retryAfter, maxDelay) }
        let exponential = baseDelay * (1 << min(attempt, 20))
        let capped = min(exponential, maxDelay)
        return capped * Double.random(in: 0.5...1.0)
    }

    /// `Retry-After` in seconds (the HTTP-date form falls back to backoff).
    static func parseRetryAfter(_ value: String?) -> Duration? {
        guard let value, let seconds = Double(value.trimmingCharacters(in: .whitespaces)), seconds >= 0 else { return nil }
        return .milliseconds(Int64(seconds * 1000))
    }
}
