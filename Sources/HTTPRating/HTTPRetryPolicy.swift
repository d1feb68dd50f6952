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

    /// `Retry-After` as delay-seconds ("120") or as an HTTP-date in the IMF-fixdate form of RFC 9110
    /// ("Wed, 21 Oct 2015 07:28:00 GMT"), which is the wait until that moment (zero once it has
    /// passed). Nil for anything else, so the backoff decides.
    static func parseRetryAfter(_ value: String?, now: Date = Date()) -> Duration? {
        guard let value else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed) {
            return seconds >= 0 && seconds.isFinite ? .milliseconds(Int64(min(seconds, 1e9) * 1000)) : nil
        }
        guard let date = HTTPDate.parseIMFFixdate(trimmed) else { return nil }
        return .milliseconds(Int64(max(0, date.timeIntervalSince(now)) * 1000))
    }
}
