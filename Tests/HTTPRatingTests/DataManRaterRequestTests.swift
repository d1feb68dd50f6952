import Criteria
import Foundation
import HTTPRating
import Testing
import Tokenizers

@Suite struct DataManRaterRequestTests {
    /// The all_rating template as reference facts §3 print it, typed here rather than read from criteria/.
    static let allRatingEnglish = [
        "Please score the text on fourteen evaluation criteria and specify its domain:",
        "Text: {text}", "Domain:_", "[1]Accuracy:_/5", "[2]Coherence:_/5", "[3]Language Consistency:_/5",
        "[4]Semantic Density:_/5", "[5]Knowledge Novelty:_/5", "[6]Topic Focus:_/5", "[7]Creativity:_/5",
        "[8]Professionalism:_/5", "[9]Style Consistency:_/5", "[10]Grammatical Diversity:_/5",
        "[11]Structural Standardization:_/5", "[12]Originality:_/5", "[13]Sensitivity:_/5", "[14]Overall Score:_/5",
    ].joined(separator: "\n")

    static func chatML(_ request: String) -> String {
        "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n\(request)<|im_end|>\n<|im_start|>assistant\n"
    }

    func builder(
        _ kind: DataManPromptKind = .allRating,
        _ api: DataManAPI = .completions
    ) throws -> DataManRequestBuilder {
        try DataManRequestBuilder(
            kind: kind,
            api: api,
            model: "DataMan-1.5B-EN",
            criteria: testCriteria,
            tokenizer: qwen2
        )
    }

    func decode(_ body: [UInt8]) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(body)) as! [String: Any]
    }

    @Test func completionBodiesOfRealDocumentsAreTheReferencePrompt() throws {
        let builder = try builder()
        let texts = try shardTexts("books/fortunes.jsonl").prefix(40)
        for text in texts {
            let prepared = builder.prepare(text, language: .en)
            // Short fortunes are far below both limits: preparation only strips them.
            #expect(prepared == text.trimmingCharacters(in: .whitespacesAndNewlines))
            let body = builder.body(request: builder.request(forPrepared: prepared, language: .en))
            #expect(body.starts(with: Array(#"{"model":"DataMan-1.5B-EN","prompt":""#.utf8)))
            #expect(
                String(decoding: body, as: UTF8.self).hasSuffix(
                    #","temperature":0,"max_tokens":29,"stop":["<|endoftext|>","<|im_end|>"]}"#
                )
            )
            let json = try decode(body)
            #expect(
                json["prompt"] as? String
                    == Self.chatML(Self.allRatingEnglish.replacingOccurrences(of: "{text}", with: prepared))
            )
            #expect(json.count == 5)
        }
    }

    @Test func longDocumentsAreTruncatedAsTheReferenceDoes() throws {
        let builder = try builder()
        let long = try shardTexts("docs/python-tutorial.jsonl").filter { qwen2.count($0) > 1_894 }
        try #require(!long.isEmpty)
        for text in long {
            let prepared = builder.prepare(text, language: .en)
            #expect(prepared == DataManTruncation.english.prepare(text, with: qwen2))
            #expect(prepared.contains("..."))
            #expect(qwen2.count(prepared) <= 1_894 + 4)
            let json = try decode(builder.body(request: builder.request(forPrepared: prepared, language: .en)))
            #expect(
                json["prompt"] as? String
                    == Self.chatML(Self.allRatingEnglish.replacingOccurrences(of: "{text}", with: prepared))
            )
        }
    }

    @Test func chatBodiesCarryTheSystemAndUserMessages() throws {
        let builder = try builder(.allRating, .chat)
        let text = try shardTexts("books/fortunes.jsonl")[3]
        let prepared = builder.prepare(text, language: .en)
        let json = try decode(builder.body(request: builder.request(forPrepared: prepared, language: .en)))
        let messages = try #require(json["messages"] as? [[String: String]])
        #expect(
            messages == [
                ["role": "system", "content": "You are a helpful assistant."],
                ["role": "user", "content": Self.allRatingEnglish.replacingOccurrences(of: "{text}", with: prepared)],
            ]
        )
        #expect(json["prompt"] == nil)
        #expect(builder.path == "/chat/completions")
    }

    @Test func singleAnswerPromptsAskForOneToken() throws {
        let score = try builder(.scoreOnly)
        let json = try decode(score.body(request: score.request(forPrepared: "Hi.", language: .en)))
        #expect(json["max_tokens"] as? Int == 1)
        #expect(
            json["prompt"] as? String
                == Self.chatML("Please give an overall score for the text:\nText: Hi.\nOverall Score:_/5")
        )
        let domain = try builder(.domainOnly)
        #expect(
            try decode(domain.body(request: domain.request(forPrepared: "Hi.", language: .en)))["prompt"] as? String
                == Self.chatML("Please specify an domain type for the text:\nText: Hi.\nDomain:_")
        )
    }

    @Test func chineseDocumentsGetTheChineseTemplate() throws {
        let builder = try builder()
        let language = DataManRequestBuilder.resolve(.auto, for: "这是一段中文文本，用于测试。")
        #expect(language == .zh)
        #expect(DataManRequestBuilder.resolve(.auto, for: "An English sentence.") == .en)
        #expect(
            builder.request(forPrepared: "文本", language: .zh).hasPrefix(
                "请给出文本的十四项评价指标分数和领域类别:\n文本: 文本\n领域:_\n[1]准确性:_/5"
            )
        )
    }

    @Test func superPromptUsesItsOwnSystemMessage() throws {
        let builder = try builder(.superRater, .chat)
        let json = try decode(builder.body(request: builder.request(forPrepared: "T", language: .en)))
        let messages = try #require(json["messages"] as? [[String: String]])
        #expect(messages[0]["content"]!.hasPrefix("You are an expert to evaluate the text quality"))
        #expect(messages[1]["content"]!.contains("\nText: T\nDomain Types: [A]Medicine"))
        #expect(json["max_tokens"] as? Int == 4096)
    }

    @Test func extraBodyFieldsFollowTheEngineFieldsInKeyOrder() throws {
        let extra = try DataManExtraBody(json: #"{"grammar": "root ::= [A-O]", "cache_prompt": true, "n_probs": 0}"#)
        let builder = try DataManRequestBuilder(
            kind: .allRating,
            api: .completions,
            model: "m",
            criteria: testCriteria,
            tokenizer: qwen2,
            extraBody: extra
        )
        let text = String(decoding: builder.body(request: "x"), as: UTF8.self)
        #expect(
            text.hasSuffix(
                #""stop":["<|endoftext|>","<|im_end|>"],"cache_prompt":true,"grammar":"root ::= [A-O]","n_probs":0}"#
            )
        )
        #expect(try decode(builder.body(request: "x"))["grammar"] as? String == "root ::= [A-O]")
    }

    @Test func extraBodyCannotChangeTheReferenceRequest() {
        for json in [#"{"max_tokens": 300}"#, #"{"stop": []}"#, #"{"temperature": 1}"#] {
            #expect(throws: DataManError.self) { try DataManExtraBody(json: json) }
        }
        #expect(throws: DataManError.self) { try DataManExtraBody(json: "[1]") }
        #expect(throws: DataManError.self) { try DataManExtraBody(json: "{grammar") }
    }

    @Test func escapesControlCharactersAndQuotes() throws {
        let builder = try builder()
        let body = builder.body(request: "a\"b\\c\u{01}\t\r\n")
        #expect(try decode(body)["prompt"] as? String == Self.chatML("a\"b\\c\u{01}\t\r\n"))
    }
}
