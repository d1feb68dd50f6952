import Foundation
import Testing

@testable import HTTPRating

@Suite struct HTTPCompletionReaderTests {
    func text(_ json: String) -> String? { HTTPCompletionReader.text(Array(json.utf8)) }

    @Test func completionAndChatAnswers() {
        #expect(
            text(
                #"{"id":"cmpl-1","object":"text_completion","created":1,"model":"m","choices":[{"index":0,"text":"A\n4\n5","logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":29,"total_tokens":39}}"#
            ) == "A\n4\n5"
        )
        #expect(
            text(
                #" { "choices" : [ { "message" : { "role" : "assistant" , "content" : "B\n1" } , "text" : null } ] } "#
            ) == "B\n1"
        )
        #expect(text(#"{"choices":[{"text":"first"},{"text":"second"}]}"#) == "first")
        #expect(text(#"{"usage":{"x":[1,-2.5e3,true,false,null,{"y":"\"}"}]},"choices":[{"text":"ok"}]}"#) == "ok")
    }

    @Test func escapesAreDecoded() {
        #expect(
            text(#"{"choices":[{"text":"q\"b\\s\/n\nr\rt\tb\bf\fé\u00e9\ud83d\ude00"}]}"#)
                == "q\"b\\s/n\nr\rt\tb\u{08}f\u{0C}éé😀"
        )
    }

    @Test func anythingElseIsNotAnAnswer() {
        for json in [
            "", "{}", "[]", #"{"choices":[]}"#, #"{"choices":[{}]}"#, #"{"choices":[{"text":null}]}"#,
            #"{"choices":[{"text":5}]}"#, #"{"choices":[{"message":{"content":["x"]}}]}"#,
            #"{"choices":[{"text":"ok"}]"#, #"{"choices":[{"text":"ok"}]} x"#, #"{"choices":[{"text":"ok"}],}"#,
            #"{"choices":[{"text":"o"# + "\n" + #"k"}]}"#, #"{"choices":[{"text":"\x"}]}"#,
            #"{"choices":[{"text":"\ud83d"}]}"#, #"{"choices":[{"text":"\udc00"}]}"#,
            #"{"choices":[{"text":"ok"}],"n":01}"#,
            #"{"choices":[{"text":"ok"}],"n":tru}"#, "<html>502 Bad Gateway</html>",
            #"{"choices":[{"text":"ok"}],"deep":"# + String(repeating: "[", count: 100_000)
                + String(repeating: "]", count: 100_000) + "}",
        ] {
            #expect(text(json) == nil, "\(json.prefix(80))")
        }
        // invalid UTF-8 in a key
        #expect(HTTPCompletionReader.text([0x7B, 0x22, 0x63, 0xFF, 0x22, 0x3A, 0x31, 0x7D]) == nil)
    }

    @Test func agreesWithJSONSerializationOnGeneratedAnswers() throws {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["A", "\n", "é", "\"", "\\", "/", "\t", "😀", "\u{1}", " ", "5"]
        for _ in 0..<300 {
            let answer = (0..<Int.random(in: 0...20, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }.joined()
            let chat = Bool.random(using: &generator)
            let choice: [String: Any] =
                chat
                ? ["index": 0, "message": ["role": "assistant", "content": answer]]
                : ["index": 0, "text": answer, "logprobs": NSNull()]
            let data = try JSONSerialization.data(withJSONObject: [
                "id": "x", "choices": [choice], "usage": ["total_tokens": 3.5],
            ])
            #expect(HTTPCompletionReader.text(data) == answer)
        }
    }
}
