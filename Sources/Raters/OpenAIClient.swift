import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What one HTTP exchange with an OpenAI-compatible server came to.
enum OpenAIExchange: Sendable {
    /// The generated text of the first choice.
    case text(String)
    /// Worth trying again: a connection error, a timeout, 429 or 5xx. `overloaded` for 429 and 503.
    case retryable(reason: String, retryAfter: Duration?, overloaded: Bool)
    /// Trying again cannot help: 400, 401, 404, a body that is not a completion.
    case fatal(String)
}

/// POSTs request bodies to OpenAI-compatible servers through URLSession (FoundationNetworking on
/// Linux, libcurl below it: keep-alive connections, many requests in flight, no extra package).
struct OpenAIClient: Sendable {
    let session: URLSession
    let apiKey: String?
    let timeout: Duration

    init(maxConnectionsPerHost: Int, apiKey: String?, timeout: Duration) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = maxConnectionsPerHost
        configuration.timeoutIntervalForRequest = Self.seconds(timeout)
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
        self.apiKey = apiKey
        self.timeout = timeout
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }

    func post(_ url: URL, body: [UInt8]) async -> OpenAIExchange {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.timeoutInterval = Self.seconds(timeout)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let apiKey { request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization") }
        let data: Data, response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            return .retryable(reason: "\(url.absoluteString): \(Self.describe(error))", retryAfter: nil, overloaded: false)
        }
        guard let http = response as? HTTPURLResponse else { return .fatal("\(url.absoluteString): not an HTTP response") }
        switch http.statusCode {
        case 200:
            if let text = Self.completionText(data) { return .text(text) }
            return .fatal("\(url.absoluteString): the answer is not an OpenAI completion: \(Self.snippet(data))")
        case 429, 500...599:
            return .retryable(reason: "\(url.absoluteString): HTTP \(http.statusCode) \(Self.snippet(data))",
                              retryAfter: HTTPRetryPolicy.parseRetryAfter(http.value(forHTTPHeaderField: "Retry-After")),
                              overloaded: http.statusCode == 429 || http.statusCode == 503)
        case 401, 403:
            return .fatal("\(url.absoluteString): HTTP \(http.statusCode), the server refused the API key (see --api-key-env)")
        default:
            return .fatal("\(url.absoluteString): HTTP \(http.statusCode) \(Self.snippet(data))")
        }
    }

    func get(_ url: URL) async throws -> (Int, String?, Data) {
        var request = URLRequest(url: url)
        request.timeoutInterval = Self.seconds(timeout)
        if let apiKey { request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await session.data(for: request)
        let http = response as? HTTPURLResponse
        return (http?.statusCode ?? 0, http?.value(forHTTPHeaderField: "Content-Type"), data)
    }

    private struct Completion: Decodable {
        struct Choice: Decodable {
            struct Message: Decodable { let content: String? }
            let text: String?
            let message: Message?
        }
        let choices: [Choice]
    }

    /// `choices[0].text` (completions) or `choices[0].message.content` (chat).
    static func completionText(_ data: Data) -> String? {
        guard let completion = try? JSONDecoder().decode(Completion.self, from: data),
              let choice = completion.choices.first else { return nil }
        return choice.text ?? choice.message?.content
    }

    static func snippet(_ data: Data) -> String {
        let text = String(decoding: data.prefix(120), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
        return data.count > 120 ? text + "…" : text
    }

    static func describe(_ error: any Error) -> String {
        if let urlError = error as? URLError { return "connection failed (\(urlError.code.rawValue): \(urlError.localizedDescription))" }
        return "\(error)"
    }
}
