import JSONText
import Testing

@testable import Tokenizers

/// How a `tokenizer.json` is read as JSON: leniently where Hugging Face's library is, strictly elsewhere.
@Suite struct TokenizerJSONTests {
    static func sections(_ json: String) throws -> HuggingFaceTokenizerFile.Sections {
        try Array(json.utf8).withUnsafeBufferPointer { try HuggingFaceTokenizerFile.Sections.read($0, file: "t.json") }
    }

    @Test func loneSurrogateEscapesBecomeReplacementCharactersAndPairsJoin() throws {
        let sections = try Self.sections(
            #"{"model": {"type": "BPE", "vocab": {"a\ud800": 0, "\udc00b": 1, "\ud83d\ude00": 2}, "merges": []}, "#
                + #""added_tokens": [{"content": "x\ud83dy"}]}"#
        )
        #expect(
            sections.model.vocabulary.map { String(decoding: $0.token, as: UTF8.self) } == [
                "a\u{FFFD}", "\u{FFFD}b", "😀",
            ]
        )
        #expect(sections.addedTokens?.array?.first?["content"]?.string == "x\u{FFFD}y")
    }

    @Test func errorsNameTheFileAndTheByte() {
        for (json, detail) in [
            (#"{"model": {"vocab": {"a": 1.5}}}"#, "expected an integer, found a fraction at byte 26"),
            (#"{"model": {"vocab": {"a\q": 1}}}"#, #"invalid escape '\q' at byte 23"#),
            (#"{"model": {}} x"#, "unexpected 'x' after the top-level value at byte 14"),
        ] {
            #expect(throws: TokenizerError.malformed(file: "t.json", detail: detail), "\(json)") {
                try Self.sections(json)
            }
        }
    }
}
