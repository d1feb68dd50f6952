/// Counters of a DataMan rater's requests since it started, for progress lines and summaries.
public struct DataManRaterStatistics: Sendable, Equatable {
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
}
