import Foundation
import Logging

/// Everything `--rater dataman` needs to reach its servers.
public struct DataManRaterConfiguration: Sendable {
    /// Base URLs ending in `/v1`, e.g. `http://127.0.0.1:8000/v1`; requests are spread over all of them.
    public var endpoints: [URL]
    /// The model name the servers serve, sent as `model`.
    public var model: String
    public var prompt: DataManPromptKind = .allRating
    public var language: DataManLanguage = .en
    public var api: DataManAPI = .completions
    /// Sent as `Authorization: Bearer …` when set.
    public var apiKey: String?
    /// Requests in flight across all endpoints at most.
    public var concurrency = 64
    public var requestTimeout: Duration = .seconds(120)
    public var retry = HTTPRetryPolicy()
    /// How many times an answer in the wrong format is asked again before the document becomes an error row.
    public var maxReasks = defaultReasks
    public static let defaultReasks = 2
    /// `--extra-body`: fields added to every request, e.g. a grammar for servers that need one.
    public var extraBody = DataManExtraBody()
    /// Retries at debug level, and AsyncHTTPClient's own connection and request events.
    public var logger = Logger(label: "dataman.http")

    public init(endpoints: [URL], model: String) {
        self.endpoints = endpoints
        self.model = model
    }

    /// Checks what can be checked without a network.
    public func validate() throws {
        guard !endpoints.isEmpty else { throw DataManError.configuration("give at least one --endpoint") }
        for endpoint in endpoints
        where !(endpoint.scheme == "http" || endpoint.scheme == "https") || endpoint.host == nil {
            throw DataManError.configuration(
                "--endpoint \(endpoint.absoluteString) is not an http(s) URL such as http://127.0.0.1:8000/v1"
            )
        }
        guard !model.isEmpty else { throw DataManError.configuration("--model is empty") }
        guard concurrency >= 1 else { throw DataManError.configuration("--concurrency must be at least 1") }
        guard maxReasks >= 0 else { throw DataManError.configuration("the re-ask count cannot be negative") }
    }
}
