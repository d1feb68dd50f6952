import Testing

@testable import Tokenizers

/// Pieces against the reference regex engines: Oniguruma through Hugging Face `pre_tokenize_str` for
/// Qwen2, the Python `regex` module on tiktoken's patterns for the others.
@Suite struct PieceScannerTests {
    func pieces(_ text: String, _ pattern: PiecePattern) -> [String] {
        let scanner = PieceScanner(pattern: pattern)
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            var result: [String] = []
            var start = 0
            while start < buffer.count {
                let end = scanner.pieceEnd(in: buffer, from: start)
                result.append(String(decoding: buffer[start..<end], as: UTF8.self))
                start = end
            }
            return result
        }
    }

    static let texts = [
        "I'M you'RE 'sweet x'\u{17F}x", "  hello\t\tworld  \n\n  x", "a1234b \u{BD}\u{B2}", "hi!!\n\n?? ...\r\n",
        "\u{3000}中文\u{3000}text", "end  \n ", "x\u{301}y", "HTTPServer D\u{17D}ungla", "path/to//x\n",
    ]

    @Test func qwen2() {
        let expected: [[String]] = [
            ["I", "'M", " you", "'RE", " '", "sweet", " x", "'ſ", "x"],
            [" ", " hello", "\t", "\tworld", "  \n\n", " ", " x"],
            ["a", "1", "2", "3", "4", "b", " ", "½", "²"],
            ["hi", "!!\n\n", "??", " ...\r\n"],
            ["\u{3000}中文", "\u{3000}text"],
            ["end", "  \n", " "],
            ["x", "\u{301}y"],
            ["HTTPServer", " D\u{17D}ungla"],
            ["path", "/to", "//", "x", "\n"],
        ]
        for (text, pieces) in zip(Self.texts, expected) {
            #expect(self.pieces(text, .qwen2) == pieces, "\(text.debugDescription)")
        }
    }

    @Test func cl100k() {
        let expected: [[String]] = [
            ["I", "'M", " you", "'RE", " '", "sweet", " x", "'ſ", "x"],
            [" ", " hello", "\t", "\tworld", "  \n\n", " ", " x"],
            ["a", "123", "4", "b", " ", "½²"],
            ["hi", "!!\n\n", "??", " ...\r\n"],
            ["\u{3000}中文", "\u{3000}text"],
            ["end", "  \n "],
            ["x", "\u{301}y"],
            ["HTTPServer", " D\u{17D}ungla"],
            ["path", "/to", "//", "x", "\n"],
        ]
        for (text, pieces) in zip(Self.texts, expected) {
            #expect(self.pieces(text, .cl100k) == pieces, "\(text.debugDescription)")
        }
        // Without tiktoken's `\s++$` (Llama-3's spelling) a final run splits after its last newline.
        #expect(pieces("end  \n ", .llama3) == ["end", "  \n", " "])
    }

    @Test func o200k() {
        let expected: [[String]] = [
            ["I'M", " you'RE", " '", "sweet", " x'ſ", "x"],
            [" ", " hello", "\t", "\tworld", "  \n\n", " ", " x"],
            ["a", "123", "4", "b", " ", "½²"],
            ["hi", "!!\n\n", "??", " ...\r\n"],
            ["\u{3000}中文", "\u{3000}text"],
            ["end", "  \n", " "],
            ["x\u{301}y"],
            ["HTTPServer", " D\u{17D}ungla"],
            ["path", "/to", "//", "x", "\n"],
        ]
        for (text, pieces) in zip(Self.texts, expected) {
            #expect(self.pieces(text, .o200k) == pieces, "\(text.debugDescription)")
        }
    }

    @Test func gpt2() {
        let expected: [[String]] = [
            ["I", "'", "M", " you", "'", "RE", " '", "sweet", " x", "'", "ſx"],
            [" ", " hello", "\t", "\t", "world", "  \n\n ", " x"],
            ["a", "1234", "b", " ½²"],
            ["hi", "!!", "\n", "\n", "??", " ...", "\r\n"],
            ["\u{3000}", "中文", "\u{3000}", "text"],
            ["end", "  \n "],
            ["x", "\u{301}", "y"],
            ["HTTPServer", " D\u{17D}ungla"],
            ["path", "/", "to", "//", "x", "\n"],
        ]
        for (text, pieces) in zip(Self.texts, expected) {
            #expect(self.pieces(text, .gpt2) == pieces, "\(text.debugDescription)")
        }
    }

    @Test func recognizesTheRegexesOfTokenizerFiles() {
        for pattern in PiecePattern.allCases { #expect(PiecePattern(regex: pattern.regex) == pattern) }
        #expect(
            PiecePattern(regex: #"'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s"#)
                == .gpt2
        )
        #expect(PiecePattern(regex: #"\p{L}+|\s+"#) == nil)
    }

    @Test func longRunsAreOnePieceAndLinear() {
        let run = String(repeating: "数", count: 200_000)
        #expect(pieces(run, .qwen2) == [run])
        #expect(pieces(String(repeating: " ", count: 100_000) + "x", .qwen2).map(\.utf8.count) == [99_999, 2])
    }
}
