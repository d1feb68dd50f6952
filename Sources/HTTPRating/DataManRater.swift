import Criteria
import Foundation
import Rating
import Synchronization
import Tokenizers

/// Rates documents with the DataMan model (or any LLM) behind OpenAI-compatible servers such as
/// vLLM, SGLang or llama.cpp. Requests from every batch share one bounded, adaptive pool of slots
/// across the endpoints, so several concurrent batches keep the servers busy without flooding them.
/// A document whose answers never become valid is `.failed` with the last reason; none is guessed.
public final class DataManRater: Rater {
    public let configuration: DataManRaterConfiguration
    public let builder: DataManRequestBuilder
    public let parser: DataManOutputParser
    public let descriptor: RaterDescriptor
    let client: OpenAIClient
    private let limiter: HTTPConcurrencyLimiter
    private let urls: [String]
    private let nextEndpoint = Atomic<Int>(0)
    private let onTheWire = Atomic<Int>(0)
    private let counters = Mutex(RequestStatistics())

    public init(configuration: DataManRaterConfiguration, criteria: CriteriaSet, tokenizer: Tokenizer) throws {
        try configuration.validate()
        self.configuration = configuration
        let builder = try DataManRequestBuilder(
            kind: configuration.prompt,
            api: configuration.api,
            model: configuration.model,
            criteria: criteria,
            tokenizer: tokenizer,
            extraBody: configuration.extraBody
        )
        self.builder = builder
        parser = DataManOutputParser(kind: configuration.prompt)
        client = OpenAIClient(
            maxConnectionsPerHost: configuration.concurrency,
            apiKey: configuration.apiKey,
            timeout: configuration.requestTimeout,
            logger: configuration.logger
        )
        limiter = HTTPConcurrencyLimiter(maximum: configuration.concurrency)
        urls = configuration.endpoints.map {
            $0.appendingPathComponent(String(builder.path.dropFirst())).absoluteString
        }
        // The criteria hash covers the prompt files; the rest says which of them and how they were sent.
        descriptor = RaterDescriptor(
            kind: "dataman",
            model: configuration.model,
            promptHash:
                "\(configuration.prompt.rawValue)/\(configuration.language.rawValue)/\(configuration.api.rawValue)/\(criteria.versionHash)"
                + (configuration.extraBody.fields.isEmpty ? "" : "/extra=\(configuration.extraBody.summary)")
        )
    }

    /// Counters, requests in flight and the latency distribution so far; cheap enough to read for
    /// every progress line.
    public var requestStatistics: RequestStatistics? {
        var statistics = counters.withLock { $0 }
        statistics.inFlight = onTheWire.load(ordering: .relaxed)
        return statistics
    }

    /// Closes the HTTP connections; call it once the last batch is rated (a rater dropped without
    /// it closes them in the background).
    public func shutdown() async {
        await client.shutdown()
    }

    /// One result per input, in order. Only all_rating and super answers are full ratings; a
    /// score_only or domain_only rater is used through `answers(_:)`.
    public func rate(_ batch: [RatingInput]) async throws -> [RatingResult] {
        try await answers(batch).map { outcome in
            switch outcome {
            case .success(.ratings(let ratings)): .rated(ratings)
            case .success(.score), .success(.domain):
                .failed("\(configuration.prompt.rawValue) gives a partial rating that an annotation row cannot hold")
            case .failure(let reason): .failed(reason.description)
            }
        }
    }

    /// Each input's valid answer, or why there is none, in input order.
    public func answers(_ batch: [RatingInput]) async throws -> [Result<DataManAnswer, DataManInvalidOutput>] {
        try await withThrowingTaskGroup(of: (Int, Result<DataManAnswer, DataManInvalidOutput>).self) { group in
            for (index, input) in batch.enumerated() {
                group.addTask { (index, await self.answer(input.text)) }
            }
            var results = [Result<DataManAnswer, DataManInvalidOutput>?](repeating: nil, count: batch.count)
            for try await (index, result) in group { results[index] = result }
            return results.map { $0! }
        }
    }

    /// The request body for one document, as sent.
    public func requestBody(for text: String) -> [UInt8] {
        let language = DataManRequestBuilder.resolve(configuration.language, for: text)
        return builder.body(
            request: builder.request(forPrepared: builder.prepare(text, language: language), language: language)
        )
    }

    /// Asks until the answer is valid, the re-asks run out, or the transport retries do.
    func answer(_ text: String) async -> Result<DataManAnswer, DataManInvalidOutput> {
        let body = requestBody(for: text)
        var lastInvalid = DataManInvalidOutput("no answer")
        for _ in 0...configuration.maxReasks {
            switch await exchange(body) {
            case .success(let output):
                switch parser.parse(output) {
                case .success(let answer):
                    counters.withLock { $0.rated += 1 }
                    return .success(answer)
                case .failure(let invalid):
                    lastInvalid = DataManInvalidOutput("invalid answer: \(invalid.description)")
                    counters.withLock { $0.reasks += 1 }
                }
            case .failure(let failure):
                counters.withLock { $0.failures += 1 }
                return .failure(failure)
            }
        }
        counters.withLock {
            $0.reasks -= 1
            $0.failures += 1
        }
        let asked = configuration.maxReasks == 0 ? "asked once" : "asked \(configuration.maxReasks + 1) times"
        return .failure(DataManInvalidOutput("\(lastInvalid.description) (\(asked))"))
    }

    /// One answer's text, retrying transport failures with backoff on the next endpoint.
    private func exchange(_ body: [UInt8]) async -> Result<String, DataManInvalidOutput> {
        let policy = configuration.retry
        var lastReason = ""
        for attempt in 0..<policy.maxAttempts {
            let url = urls[nextEndpoint.wrappingAdd(1, ordering: .relaxed).oldValue % urls.count]
            await limiter.acquire()
            onTheWire.add(1, ordering: .relaxed)
            let sent = ContinuousClock.now
            let outcome = await client.post(url, body: body)
            let latency = ContinuousClock.now - sent
            onTheWire.subtract(1, ordering: .relaxed)
            counters.withLock { counters in
                counters.requests += 1
                if case .text = outcome { counters.latency.record(latency) }
            }
            switch outcome {
            case .text(let text):
                limiter.release(overloaded: false)
                return .success(text)
            case .fatal(let reason):
                limiter.release(overloaded: false)
                return .failure(DataManInvalidOutput(reason))
            case .retryable(let reason, let retryAfter, let overloaded):
                limiter.release(overloaded: overloaded)
                lastReason = reason
                guard attempt + 1 < policy.maxAttempts else { break }
                counters.withLock { $0.retries += 1 }
                configuration.logger.debug(
                    "retrying a request",
                    metadata: ["attempt": "\(attempt + 1)", "reason": "\(reason)", "overloaded": "\(overloaded)"]
                )
                try? await Task.sleep(for: policy.delay(afterAttempt: attempt, retryAfter: retryAfter))
            }
        }
        return .failure(DataManInvalidOutput("gave up after \(policy.maxAttempts) attempts: \(lastReason)"))
    }
}
