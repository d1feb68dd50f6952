import Criteria
import Foundation
import HTTPRating
import Rating
import TestServerSupport
import Testing
import Tokenizers

/// The rater against scripts/testserver/openai_server.py: a real HTTP server process that checks
/// every prompt against the reference template and injects faults.
@Suite(.serialized) struct DataManRaterServerTests {
    static func documents() throws -> [RatingInput] {
        let texts =
            try shardTexts("books/fortunes.jsonl") + shardTexts("docs/python-tutorial.jsonl")
            + shardTexts("books/essays.jsonl.gz").prefix(60) + shardTexts("books/poetry-zh.jsonl.lz4").prefix(60)
        return texts.enumerated().map { RatingInput(docID: "doc-\($0.offset)", text: $0.element) }
    }

    static func configuration(
        _ server: TestServer,
        prompt: DataManPromptKind = .allRating,
        api: DataManAPI = .completions
    ) -> DataManRaterConfiguration {
        var configuration = DataManRaterConfiguration(endpoints: [server.endpoint], model: "DataMan-1.5B-EN")
        configuration.prompt = prompt
        configuration.api = api
        configuration.concurrency = 16
        configuration.requestTimeout = .seconds(10)
        configuration.retry = HTTPRetryPolicy(maxAttempts: 12, baseDelay: .milliseconds(20), maxDelay: .seconds(2))
        configuration.maxReasks = 4
        return configuration
    }

    /// Rates in concurrent batches of 32, as the pipeline calls a rater.
    static func rateInBatches(_ rater: DataManRater, _ inputs: [RatingInput]) async throws -> [RatingResult] {
        let batches = stride(from: 0, to: inputs.count, by: 32).map { Array(inputs[$0..<min($0 + 32, inputs.count)]) }
        return try await withThrowingTaskGroup(of: (Int, [RatingResult]).self) { group in
            for (index, batch) in batches.enumerated() {
                group.addTask { (index, try await rater.rate(batch)) }
            }
            var results = [[RatingResult]](repeating: [], count: batches.count)
            for try await (index, batchResults) in group {
                #expect(batchResults.count == batches[index].count)
                results[index] = batchResults
            }
            return results.flatMap { $0 }
        }
    }

    @Test func everyDocumentIsRatedAsTheServerSaidOrIsAnErrorDespiteFaults() async throws {
        let server = try TestServer([
            "--rate-429", "0.05", "--retry-after", "1", "--rate-500", "0.05", "--rate-reset", "0.03",
            "--rate-slow", "0.03", "--slow-seconds", "0.3", "--rate-malformed", "0.05",
            "--never-valid-every", "23", "--seed", "7",
        ])
        defer { server.stop() }
        var configuration = Self.configuration(server)
        configuration.language = .auto
        let rater = try DataManRater(configuration: configuration, criteria: testCriteria, tokenizer: qwen2)
        try await rater.checkHealth()
        let inputs = try Self.documents()
        #expect(inputs.count >= 250)
        let results = try await Self.rateInBatches(rater, inputs)
        let stats = try server.stats()
        #expect(
            stats.mismatches.isEmpty,
            "the server saw requests that are not the reference's: \(stats.mismatches.prefix(3))"
        )
        try #require(results.count == inputs.count)
        var rated = 0
        var failed = 0
        for (input, result) in zip(inputs, results) {
            let language = DataManRequestBuilder.resolve(.auto, for: input.text)
            let prepared = rater.builder.prepare(input.text, language: language)
            let hash = fnv1a64(prepared)
            let key = String(hash, radix: 16).leftPadded(to: 16)
            switch result {
            case .rated(let ratings):
                rated += 1
                #expect(ratings == serverRatings(prepared), "\(input.docID) rated otherwise than the server said")
                #expect(stats.valid[key] != nil)
            case .failed(let reason):
                failed += 1
                #expect(
                    stats.valid[key] == nil,
                    "\(input.docID) is an error row although the server answered it: \(reason)"
                )
                #expect(hash % 23 == 0, "\(input.docID) failed by chance: \(reason)")
            case .unrated:
                Issue.record("\(input.docID) left unrated")
            }
        }
        #expect(
            failed
                == inputs.filter { input in
                    fnv1a64(
                        rater.builder.prepare(
                            input.text,
                            language: DataManRequestBuilder.resolve(.auto, for: input.text)
                        )
                    ) % 23 == 0
                }.count
        )
        #expect(rated + failed == inputs.count)
        #expect(failed > 0)
        for fault in ["429", "500", "reset", "slow", "malformed"] {
            #expect(stats.faults[fault, default: 0] > 0, "no \(fault) injected")
        }
        let counters = try #require(rater.requestStatistics)
        #expect(counters.retries > 0 && counters.reasks > 0)
        #expect(counters.rated == rated && counters.failures == failed)
        #expect(counters.inFlight == 0)
        // Every answered exchange is timed; 3% of them waited 0.3 s on the server, so p99 is one of those.
        #expect(counters.latency.count >= UInt64(rated) && counters.latency.count <= UInt64(counters.requests))
        let p50 = try #require(counters.latencyPercentile(0.5))
        let p99 = try #require(counters.latencyPercentile(0.99))
        #expect(p50 < p99 && p99 >= .milliseconds(280), "p50 \(p50), p99 \(p99)")
        await rater.shutdown()
    }

    @Test func inFlightCountsTheRequestsOnTheWire() async throws {
        let server = try TestServer(["--rate-slow", "1", "--slow-seconds", "0.5"])
        defer { server.stop() }
        let rater = try DataManRater(
            configuration: Self.configuration(server),
            criteria: testCriteria,
            tokenizer: qwen2
        )
        let inputs = Array(try Self.documents().prefix(24))
        let rating = Task { try await rater.rate(inputs) }
        var highest = 0
        let giveUp = ContinuousClock.now + .milliseconds(400)
        while highest < 16 && ContinuousClock.now < giveUp {
            try await Task.sleep(for: .milliseconds(10))
            highest = max(highest, rater.requestStatistics?.inFlight ?? 0)
        }
        // 24 documents, 16 slots, every answer 0.5 s late: the wire fills to the limit and no further.
        #expect(highest == 16)
        let results = try await rating.value
        #expect(results.allSatisfy { if case .rated = $0 { true } else { false } })
        let counters = try #require(rater.requestStatistics)
        #expect(counters.inFlight == 0 && counters.latency.count == 24)
        #expect(counters.latencyPercentile(0.5)! >= .milliseconds(470))
        await rater.shutdown()
    }

    @Test func aRequestTimesOutAndIsTriedAgain() async throws {
        let server = try TestServer(["--rate-slow", "1", "--slow-seconds", "3"])
        defer { server.stop() }
        var configuration = Self.configuration(server)
        configuration.requestTimeout = .milliseconds(300)
        configuration.retry = HTTPRetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10), maxDelay: .milliseconds(20))
        let rater = try DataManRater(configuration: configuration, criteria: testCriteria, tokenizer: qwen2)
        let started = ContinuousClock.now
        let results = try await rater.rate(Array(try Self.documents().prefix(2)))
        #expect(ContinuousClock.now - started < .seconds(2), "the timeout did not cut the exchange short")
        for result in results {
            guard case .failed(let reason) = result else {
                Issue.record("rated despite the timeout: \(result)")
                continue
            }
            #expect(
                reason.contains("gave up after 2 attempts") && reason.contains("no complete answer within"),
                "\(reason)"
            )
        }
        let counters = try #require(rater.requestStatistics)
        #expect(counters.retries == 2 && counters.requests == 4)
        await rater.shutdown()
    }

    @Test func chatRouteAndSingleAnswerPrompts() async throws {
        let inputs = Array(try Self.documents().prefix(20))
        let chatServer = try TestServer([])
        defer { chatServer.stop() }
        let chat = try DataManRater(
            configuration: Self.configuration(chatServer, api: .chat),
            criteria: testCriteria,
            tokenizer: qwen2
        )
        let results = try await chat.rate(inputs)
        #expect(results == inputs.map { .rated(serverRatings(chat.builder.prepare($0.text, language: .en))) })
        await chat.shutdown()

        let scoreServer = try TestServer(["--prompt", "score_only"])
        defer { scoreServer.stop() }
        let score = try DataManRater(
            configuration: Self.configuration(scoreServer, prompt: .scoreOnly),
            criteria: testCriteria,
            tokenizer: qwen2
        )
        let answers = try await score.answers(inputs)
        #expect(
            answers
                == inputs.map { .success(.score(serverRatings(score.builder.prepare($0.text, language: .en)).overall)) }
        )
        #expect(
            try await score.rate(Array(inputs.prefix(1))).allSatisfy { if case .failed = $0 { true } else { false } }
        )
        await score.shutdown()
        #expect(try scoreServer.stats().mismatches.isEmpty)
    }

    @Test func startUpCheckNamesWhatIsWrong() async throws {
        let server = try TestServer(["--api-key", "secret"])
        defer { server.stop() }
        func failure(_ configure: (inout DataManRaterConfiguration) -> Void) async throws -> String {
            var configuration = Self.configuration(server)
            configuration.apiKey = "secret"
            configure(&configuration)
            let rater = try DataManRater(configuration: configuration, criteria: testCriteria, tokenizer: qwen2)
            let outcome: String
            do {
                try await rater.checkHealth()
                outcome = "healthy"
            } catch { outcome = "\(error)" }
            await rater.shutdown()
            return outcome
        }
        #expect(try await failure { _ in } == "healthy")
        #expect(try await failure { $0.model = "Qwen-7B" }.contains("does not serve model \"Qwen-7B\""))
        #expect(try await failure { $0.apiKey = "wrong" }.contains("API key"))

        let html = try TestServer(["--html"])
        let htmlEndpoint = html.endpoint
        #expect(
            try await failure { $0.endpoints = [htmlEndpoint] }.contains(
                "did not answer an OpenAI model list (Content-Type text/html)"
            )
        )
        html.stop()
        #expect(try await failure { $0.endpoints = [htmlEndpoint] }.contains("cannot reach"))
        #expect(throws: DataManError.self) {
            try DataManRaterConfiguration(endpoints: [URL(string: "ftp://x/v1")!], model: "m").validate()
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
