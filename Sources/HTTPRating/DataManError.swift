/// Why the DataMan rater cannot start or a request cannot go on.
public enum DataManError: Error, CustomStringConvertible, Equatable {
    /// A missing or malformed prompt file, option or endpoint.
    case configuration(String)
    /// The start-up check found an endpoint that cannot serve the run.
    case unhealthy(endpoint: String, reason: String)

    public var description: String {
        switch self {
        case .configuration(let message): message
        case .unhealthy(let endpoint, let reason): "\(endpoint): \(reason)"
        }
    }
}
