import Foundation
import Testing

@testable import Tokenizers

/// The shipped Qwen tokenizer, against ids produced by Hugging Face `tokenizers` 0.23.3 on the same file.
@Suite struct QwenTokenizerTests {
    static let qwen2 = Result { try Tokenizer.named("qwen2") }
    static let qwen3 = Result { try Tokenizer.named("qwen3") }

    @Test func shippedNamesLoadWithTheirProvenance() throws {
        let tokenizer = try Self.qwen2.get()
        #expect(tokenizer.name == "qwen2")
        #expect(tokenizer.vocabularyHash == "sha256:aeb13307a71acd8fe81861d94ad54ab689df773318809eed3cbe794b4492dae4")
        #expect(tokenizer.vocabularySize == 151_646)
        #expect(try Self.qwen3.get().vocabularySize == 151_669)
        #expect(Tokenizer.shippedNames == ["qwen2", "qwen2.5", "qwen3"])
        #expect(try Tokenizer.load("qwen2.5").vocabularySize == 151_665)
    }

    @Test func shippedFileHashIsTheRecordedOne() throws {
        let bytes = try Tokenizer.readFile(ShippedTokenizer.qwen2.resourcePath)
        #expect(bytes.count == 11_422_654)
        #expect(
            Tokenizer.sha256Hex(bytes)
                == "aeb13307a71acd8fe81861d94ad54ab689df773318809eed3cbe794b4492dae4"
        )
    }

    @Test(arguments: [
        ("Hello world", [9707, 1879]),
        ("Hello, world! 1234 don't", [9707, 11, 1879, 0, 220, 16, 17, 18, 19, 1513, 944]),
        ("你好，世界。今天天气很好", [108386, 3837, 99489, 1773, 100644, 104307, 101243]),
        ("  leading\n\n\ttabs  \n", [220, 6388, 271, 3244, 3435, 2303]),
        ("'ſ 'S", [6, 144815, 364, 50]),
        ("x'ſx", [87, 6, 144815, 87]),
        ("", []),
    ])
    func encodesLikeTheReference(text: String, ids: [Int]) throws {
        let tokenizer = try Self.qwen2.get()
        #expect(tokenizer.encode(text) == ids)
        #expect(tokenizer.count(text) == ids.count)
    }

    @Test func normalizesToNFCFirst() throws {
        let tokenizer = try Self.qwen2.get()
        #expect(tokenizer.encode("café vs cafe\u{301}") == [924, 58858, 6165, 51950])
        // A CJK compatibility ideograph and the angstrom sign become their canonical equivalents.
        #expect(tokenizer.encode("\u{F900} \u{212B}") == tokenizer.encode("\u{8C48} \u{00C5}"))
    }

    @Test func addedTokensDependOnTheVersion() throws {
        let text = "<think>hi</think><|im_end|>"
        #expect(try Self.qwen2.get().encode(text) == [13708, 766, 29, 6023, 522, 26865, 29, 151645])
        #expect(try Self.qwen3.get().encode(text) == [151667, 6023, 151668, 151645])
        #expect(try Self.qwen3.get().decode([151667, 6023, 151668]) == "<think>hi</think>")
        // <think> is an added token but not a special one; <|im_end|> is special.
        #expect(try Self.qwen3.get().decode([151667, 6023, 151645], skippingSpecialTokens: true) == "<think>hi")
    }

    @Test func decodesCutsThroughACharacterAsReplacement() throws {
        let tokenizer = try Self.qwen2.get()
        let ids = tokenizer.encode("x 𓀀 y")
        #expect(ids == [87, 220, 124373, 222, 222, 379])
        #expect(tokenizer.decode(Array(ids[..<3])) == "x \u{FFFD}")
        #expect(tokenizer.decode(Array(ids[..<5])) == "x 𓀀")
        #expect(tokenizer.decode(ids) == "x 𓀀 y")
        #expect(tokenizer.decode([-1, 999_999_999]) == "")
    }

    @Test func invalidUTF8BecomesReplacementCharacters() throws {
        let tokenizer = try Self.qwen2.get()
        let bytes: [UInt8] = [0x61, 0xFF, 0x62, 0xE2, 0x82, 0x20, 0x63]
        #expect(tokenizer.encode(utf8: bytes) == tokenizer.encode("a\u{FFFD}b\u{FFFD} c"))
        #expect(tokenizer.count(utf8: bytes) == tokenizer.encode(utf8: bytes).count)
    }

    @Test func decodingInvertsEncodingOfNormalizedText() throws {
        let tokenizer = try Self.qwen2.get()
        let texts = [
            "Plain ASCII with  double spaces\tand tabs\r\n", "混合 text with 数字 12345 and emoji 👨‍👩‍👧",
            String(repeating: "长", count: 5000), String(repeating: " ", count: 3000) + "x",
        ]
        for text in texts {
            #expect(tokenizer.decode(tokenizer.encode(text)) == text)
        }
    }

    @Test func countsAreTheSameFromManyThreads() async throws {
        let tokenizer = try Self.qwen2.get()
        let texts = (0..<64).map { "document \($0): " + String(repeating: "word\($0 % 7) 数据 ", count: $0 * 3) }
        let sequential = texts.map { tokenizer.count($0) }
        let concurrent = await withTaskGroup(of: (Int, Int).self) { group in
            for (index, text) in texts.enumerated() {
                group.addTask { (index, tokenizer.count(text)) }
            }
            var counts = [Int](repeating: -1, count: texts.count)
            for await (index, count) in group { counts[index] = count }
            return counts
        }
        #expect(concurrent == sequential)
    }

    @Test func isATokenCounter() throws {
        let counter: any TokenCounter = try Self.qwen2.get()
        #expect(counter.count("Hello world") == 2)
        #expect(counter.name == "qwen2")
    }
}

@Suite struct TokenCountersTests {
    @Test func loadsTheEstimateOrAnExactTokenizer() throws {
        #expect(try TokenCounters.load("estimate").name == "estimate-v1")
        let exact = try TokenCounters.load(TokenCounters.defaultReference)
        #expect(exact.name == "qwen2")
        #expect(exact.count("Hello world") == 2)
        #expect(throws: TokenizerError.self) { try TokenCounters.load("/no/such/tokenizer.json") }
    }
}

@Suite struct EstimatedTokenCounterTests {
    /// The 16-byte lane counting equals a byte-by-byte count at every length around its 16-byte
    /// steps and its 4,080-byte widening, on ASCII, Chinese and random bytes.
    @Test(arguments: [0, 1, 15, 16, 17, 255, 4079, 4080, 4081, 4096, 10_000])
    func laneCountsEqualByteCounts(length: Int) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(length + 1)
        let random = (0..<length).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        let chinese = Array(String(repeating: "数据管理，", count: length / 15 + 1).utf8.prefix(length))
        let ascii = Array(String(repeating: "Hello, world. ", count: length / 14 + 1).utf8.prefix(length))
        for bytes in [random, chinese, ascii] {
            let tally = bytes.withUnsafeBytes { EstimatedTokenCounter.tally($0) }
            #expect(tally.ascii == bytes.filter { $0 < 0x80 }.count)
            #expect(tally.leads == bytes.filter { $0 >= 0xC0 }.count)
        }
        #expect(EstimatedTokenCounter().count("数据管理") == 3)
        #expect(EstimatedTokenCounter().count("Hello, world") == 3)
    }
}
