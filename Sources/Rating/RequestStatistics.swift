/// Counters of the requests a rater sent to a model server since it started, for progress lines and
/// summaries.
public struct RequestStatistics: Sendable, Equatable {
    /// HTTP exchanges attempted, retries included.
    public var requests = 0
    /// Exchanges that failed with a connection error, timeout, 429 or 5xx and were tried again.
    public var retries = 0
    /// Answers in the wrong format that were asked again.
    public var reasks = 0
    /// Documents that ended as error rows.
    public var failures = 0
    /// Documents rated.
    public var rated = 0
    /// Requests on the wire when the statistics were read.
    public var inFlight = 0
    /// How long each exchange that brought back an answer took, from sending the request to the
    /// whole answer (the wait for a concurrency slot and retry backoffs are not in it).
    public var latency = LatencyHistogram()

    public init() {}

    /// The exchange latency below which a fraction `q` of them lie (0.5 for the median, 0.99), nil
    /// before the first answer.
    public func latencyPercentile(_ q: Double) -> Duration? { latency.percentile(q) }
}
