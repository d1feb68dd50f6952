import Testing

@testable import Tokenizers

/// Expected values come from DataMan's reference procedure run in Python with Hugging Face `tokenizers`
/// (the parity test checks many more real documents the same way).
@Suite struct DataManTruncationTests {
    @Test(arguments: [
        ("“……”Quote", "Quote"),
        ("\"....\"x", "x"),
        ("\"..x\"", "\"..x\""),
        ("\"…\"", ""),
        ("a ![](/img.png)\nb ![](x) c\n![]()\n", "a b ![](x) c\n![]()\n"),
        ("![](a\nb)\n end", " end"),
        ("no “……” inside", "no “……” inside"),
    ])
    func removesQuotedEllipsesAndImageLinks(text: String, cleaned: String) {
        #expect(DataManTruncation.removeNoise(text) == cleaned)
    }

    @Test func stripsWhatPythonStrips() {
        #expect(DataManTruncation.pythonStrip("\u{1C}\u{1F}\u{3000}\u{A0} x y \t\n\u{85}") == "x y")
        #expect(DataManTruncation.pythonStrip("\u{200B}x\u{200B}") == "\u{200B}x\u{200B}")
        #expect(DataManTruncation.pythonStrip(" \n ") == "")
    }

    @Test func keepsHeadEllipsisAndTailTokens() throws {
        let qwen2 = try QwenTokenizerTests.qwen2.get()
        let words = (0..<3000).map { "w\($0)" }.joined(separator: " ")
        #expect(qwen2.count(words) == 13_890)
        let prepared = DataManTruncation.english.prepare(words, with: qwen2)
        #expect(prepared.count == 2350)
        #expect(prepared.hasPrefix("w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w1"))
        #expect(prepared.hasSuffix("2993 w2994 w2995 w2996 w2997 w2998 w2999"))
        #expect(prepared.contains("260 w261 w262 w263 w...10 w2811 w2812 w2"))
    }

    @Test func cutsCharactersBeforeTokens() throws {
        let qwen2 = try QwenTokenizerTests.qwen2.get()
        let prepared = DataManTruncation.english.prepare(String(repeating: "数", count: 30_000), with: qwen2)
        #expect(prepared == String(repeating: "数", count: 947) + "..." + String(repeating: "数", count: 947))
        // Under both limits nothing changes but the strip.
        #expect(DataManTruncation.chinese.prepare("  短文本 short text \n", with: qwen2) == "短文本 short text")
        #expect(DataManTruncation.chinese == DataManTruncation(characterLimit: 60_000, tokenLimit: 1_896))
    }
}
