import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1

/// What one HTTP exchange with an OpenAI-compatible server came to.
enum OpenAIExchange: Sendable {
    /// The generated text of the first choice.
    case text(String)
    /// Worth trying again: a connection error, a timeout, 429 or 5xx. `overloaded` for 429, 503 and timeouts.
    case retryable(reason: String, retryAfter: Duration?, overloaded: Bool)
    /// Trying again cannot help: 400, 401, 404, a body that is not a completion.
    case fatal(String)
}

/// POSTs request bodies to OpenAI-compatible servers through one AsyncHTTPClient (SwiftNIO): a
/// pool of keep-alive HTTP/1.1 connections per server, as many as requests may be in flight, and a
/// deadline per request. URLSession on Linux (libcurl below it) spent 0.4-1.7 ms of CPU per request
/// and kept a quarter of 128 requests in flight (scripts/bench/http-rater.sh).
///
/// `shutdown()` closes the connections; a client dropped without it shuts down in the background.
final class OpenAIClient: Sendable {
    private let http: HTTPClient
    private let headers: HTTPHeaders
    private let logger: Logger
    let timeout: Duration
    /// Larger answers are refused: a completion of 29 tokens is a few hundred bytes.
    static let maxAnswerBytes = 4 << 20

    init(maxConnectionsPerHost: Int, apiKey: String?, timeout: Duration, logger: Logger) {
        var configuration = HTTPClient.Configuration()
        configuration.httpVersion = .http1Only
        configuration.decompression = .disabled
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: maxConnectionsPerHost
        )
        // A refused or failed connection fails its requests at once: the rater's retry policy
        // (backoff on the next endpoint) decides what happens next, not a hidden second loop.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout = .init(connect: .seconds(min(10, max(1, timeout.components.seconds))))
        // No tracing spans: a span per request parses the URL a second time.
        configuration.tracing.tracer = nil
        http = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: configuration,
            backgroundActivityLogger: logger
        )
        self.logger = logger
        var headers = HTTPHeaders([("Content-Type", "application/json"), ("Accept", "application/json")])
        if let apiKey { headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        self.headers = headers
        self.timeout = timeout
    }

    deinit {
        http.shutdown { _ in }
    }

    /// Closes every connection once the requests in flight are done.
    func shutdown() async {
        try? await http.shutdown().get()
    }

    func post(_ url: String, body: [UInt8]) async -> OpenAIExchange {
        let status: UInt
        let retryAfter: String?
        let answer: ByteBuffer
        do {
            (status, retryAfter, _, answer) = try await exchange(url, method: .POST, headers: headers, body: body)
        } catch {
            // A request that timed out waited in a server queue longer than the timeout: as for a
            // 429, fewer requests in flight is the cure.
            let timedOut = (error as? HTTPClientError) == .deadlineExceeded
            return .retryable(reason: "\(url): \(describe(error))", retryAfter: nil, overloaded: timedOut)
        }
        switch status {
        case 200:
            if let text = HTTPCompletionReader.text(answer.readableBytesView) { return .text(text) }
            return .fatal("\(url): the answer is not an OpenAI completion: \(Self.snippet(answer.readableBytesView))")
        case 429, 500...599:
            return .retryable(
                reason: "\(url): HTTP \(status) \(Self.snippet(answer.readableBytesView))",
                retryAfter: HTTPRetryPolicy.parseRetryAfter(retryAfter),
                overloaded: status == 429 || status == 503
            )
        case 401, 403:
            return .fatal("\(url): HTTP \(status), the server refused the API key (see --api-key-env)")
        default:
            return .fatal("\(url): HTTP \(status) \(Self.snippet(answer.readableBytesView))")
        }
    }

    /// Status, Content-Type and body of a GET (the start-up health check).
    func get(_ url: String) async throws -> (status: UInt, contentType: String?, body: [UInt8]) {
        var headers = headers
        headers.remove(name: "Content-Type")
        let (status, _, contentType, body) = try await exchange(url, method: .GET, headers: headers, body: nil)
        return (status, contentType, Array(body.readableBytesView))
    }

    /// One request and its whole answer, within the request timeout.
    private func exchange(
        _ url: String,
        method: HTTPMethod,
        headers: HTTPHeaders,
        body: [UInt8]?
    ) async throws
        -> (UInt, retryAfter: String?, contentType: String?, ByteBuffer)
    {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers = headers
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let deadline =
            NIODeadline.now()
            + .nanoseconds(
                Int64(timeout.components.seconds) * 1_000_000_000
                    + Int64(timeout.components.attoseconds / 1_000_000_000)
            )
        let response = try await http.execute(request, deadline: deadline, logger: logger)
        let answer = try await response.body.collect(upTo: Self.maxAnswerBytes)
        return (
            response.status.code, response.headers.first(name: "Retry-After"),
            response.headers.first(name: "Content-Type"), answer
        )
    }

    func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError, error == .deadlineExceeded {
            return "no complete answer within \(timeout) (the request timeout)"
        }
        if error is NIOTooManyBytesError {
            return "the answer is larger than \(Self.maxAnswerBytes) bytes"
        }
        return "connection failed (\(error))"
    }

    static func snippet(_ bytes: some Collection<UInt8>) -> String {
        let text = String(decoding: bytes.prefix(120), as: UTF8.self).split(
            separator: "\n",
            omittingEmptySubsequences: false
        ).joined(separator: " ")
        return bytes.count > 120 ? text + "…" : text
    }
}
