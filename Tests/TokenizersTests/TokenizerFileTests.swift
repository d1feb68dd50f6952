import Codecs
import Foundation
import Testing
import Tokenizers

/// The three file shapes on vocabularies small enough to follow by hand, and every way a file can be bad.
@Suite struct TokenizerFileTests {
    let files: SmallTokenizerFiles

    init() throws {
        files = try SmallTokenizerFiles()
    }

    @Test func byteLevelMergesByRank() throws {
        let path = try files.write(
            "bytelevel.json",
            SmallTokenizerFiles.byteLevel(
                merges: ["h e", "l l", "he ll", "hell o"],
                extraTokens: ["he", "ll", "hell", "hello"],
                added: [["id": 260, "content": "<|end|>", "special": true, "normalized": false]]
            )
        )
        let tokenizer = try Tokenizer(contentsOfFile: path)
        #expect(tokenizer.name == path)
        #expect(tokenizer.vocabularyHash.hasPrefix("sha256:") && tokenizer.vocabularyHash.count == 71)
        #expect(tokenizer.encode("hello") == [259])
        #expect(tokenizer.encode("hello world") == [259, 32, 119, 111, 114, 108, 100])
        #expect(tokenizer.encode("hi<|end|>hello") == [104, 105, 260, 259])
        #expect(tokenizer.decode([259, 32, 119]) == "hello w")
        #expect(tokenizer.decode([104, 105, 260]) == "hi<|end|>")
        #expect(tokenizer.decode([104, 105, 260], skippingSpecialTokens: true) == "hi")
    }

    @Test func ignoreMergesTakesWholePiecesFromTheVocabulary() throws {
        let plain = try files.write("plain.json", SmallTokenizerFiles.byteLevel(merges: [], extraTokens: ["ab"]))
        let ignoring = try files.write(
            "ignoring.json",
            SmallTokenizerFiles.byteLevel(
                merges: [],
                extraTokens: ["ab"],
                model: ["ignore_merges": true]
            )
        )
        #expect(try Tokenizer(contentsOfFile: plain).encode("ab") == [97, 98])
        #expect(try Tokenizer(contentsOfFile: ignoring).encode("ab") == [256])
    }

    @Test func sentencePieceWithByteFallback() throws {
        let tokenizer = try Tokenizer(contentsOfFile: files.write("sp.json", SmallTokenizerFiles.sentencePiece()))
        let ids = tokenizer.encode("ab ab é")
        #expect(ids == [264, 264, 259, 3 + 0xC3, 3 + 0xA9])
        #expect(tokenizer.decode(ids) == "ab ab é")
        #expect(tokenizer.decode([3 + 0xC3, 264]) == "\u{FFFD} ab")
        #expect(tokenizer.encode("a<s>b") == [262, 1, 259, 261])
        #expect(tokenizer.decode([262, 1, 259, 261], skippingSpecialTokens: true) == "a b")
    }

    @Test func sentencePieceWithoutByteFallbackFusesUnknowns() throws {
        let tokenizer = try Tokenizer(
            contentsOfFile: files.write("sp-unk.json", SmallTokenizerFiles.sentencePiece(byteFallback: false))
        )
        #expect(tokenizer.encode("ab é") == [264, 259, 0])
        #expect(tokenizer.encode("éé a") == [259, 0, 262])
    }

    @Test func tiktokenRanksMergeByConcatenation() throws {
        let path = try files.write("small.tiktoken", SmallTokenizerFiles.tiktoken(["ab", "cd", "abcd"]))
        let tokenizer = try Tokenizer(tiktokenFile: path, encoding: .r50kBase)
        #expect(tokenizer.name == "r50k_base")
        #expect(tokenizer.vocabularySize == 50_257)
        #expect(tokenizer.encode("abcd") == [258])
        #expect(tokenizer.encode("abcde") == [258, 101])
        #expect(tokenizer.encode(" abcd") == [32, 258])
        // encode_ordinary: special-token text is plain text.
        #expect(tokenizer.encode("<|endoftext|>").count > 1)
        #expect(tokenizer.decode([258, 101, 50256]) == "abcde<|endoftext|>")
        #expect(try Tokenizer.load("r50k_base=" + path).encode("abcd") == [258])
    }

    @Test func compressedFilesLoad() throws {
        let json = Array(SmallTokenizerFiles.byteLevel(merges: ["h e"], extraTokens: ["he"]).utf8)
        let compressed = json.withUnsafeBytes { Zstd.compress($0) }
        let tokenizer = try Tokenizer(contentsOfFile: files.write("bytelevel.json.zst", compressed))
        #expect(tokenizer.encode("he") == [256])
    }

    // MARK: Errors

    func error(_ body: () throws -> Tokenizer) -> TokenizerError? {
        do {
            _ = try body()
            return nil
        } catch let error as TokenizerError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    func expectError(
        _ expected: (String, String) -> TokenizerError,
        file: String,
        containing detail: String,
        _ body: () throws -> Tokenizer,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let error = error(body) else {
            Issue.record("no error", sourceLocation: sourceLocation)
            return
        }
        let description = error.description
        #expect(description.contains(file), "\(description)", sourceLocation: sourceLocation)
        #expect(description.contains(detail), "\(description)", sourceLocation: sourceLocation)
        #expect(error == expected(file, errorDetail(error)), "\(description)", sourceLocation: sourceLocation)
    }

    func errorDetail(_ error: TokenizerError) -> String {
        switch error {
        case let .notFound(_, detail), let .unreadable(_, detail), let .malformed(_, detail),
            let .unsupported(_, detail):
            return detail
        }
    }

    @Test func missingUnreadableAndEmptyFiles() throws {
        let missing = files.folder.appendingPathComponent("nope.json").path
        expectError(TokenizerError.notFound, file: missing, containing: "no such file") {
            try Tokenizer(contentsOfFile: missing)
        }
        expectError(TokenizerError.unreadable, file: files.folder.path, containing: "directory") {
            try Tokenizer(contentsOfFile: files.folder.path)
        }
        let empty = try files.write("empty.json", [])
        expectError(TokenizerError.malformed, file: empty, containing: "empty") { try Tokenizer(contentsOfFile: empty) }
        expectError(TokenizerError.notFound, file: "llama9", containing: "qwen2") { try Tokenizer.named("llama9") }
        expectError(TokenizerError.notFound, file: "/no/such.tiktoken", containing: "no such file") {
            try Tokenizer.load("cl100k_base=/no/such.tiktoken")
        }
    }

    @Test func malformedJSONNamesTheByte() throws {
        let path = try files.write("bad.json", #"{"model": {"type": "BPE", "vocab": {"a": 0,}}}"#)
        expectError(TokenizerError.malformed, file: path, containing: "expected a string, found '}' at byte 43") {
            try Tokenizer(contentsOfFile: path)
        }
        let truncated = try files.write("cut.json", #"{"model": {"type": "BPE", "vocab": {"a": 0"#)
        expectError(TokenizerError.malformed, file: truncated, containing: "end of file") {
            try Tokenizer(contentsOfFile: truncated)
        }
        let compressed = Array(SmallTokenizerFiles.byteLevel(merges: []).utf8).withUnsafeBytes { Zstd.compress($0) }
        let cut = try files.write("cut.json.zst", Array(compressed.prefix(compressed.count / 2)))
        expectError(TokenizerError.malformed, file: cut, containing: "zstd") { try Tokenizer(contentsOfFile: cut) }
    }

    @Test func inconsistentVocabularies() throws {
        let missingToken = try files.write(
            "merge.json",
            SmallTokenizerFiles.byteLevel(merges: ["h e", "x yz"], extraTokens: ["he"])
        )
        expectError(TokenizerError.malformed, file: missingToken, containing: "merge 1") {
            try Tokenizer(contentsOfFile: missingToken)
        }
        let missingResult = try files.write("result.json", SmallTokenizerFiles.byteLevel(merges: ["h e"]))
        expectError(TokenizerError.malformed, file: missingResult, containing: "\"he\", which is missing") {
            try Tokenizer(contentsOfFile: missingResult)
        }
        let badMerge = try files.write("spaces.json", SmallTokenizerFiles.byteLevel(merges: ["h e l"]))
        expectError(TokenizerError.malformed, file: badMerge, containing: "exactly one space") {
            try Tokenizer(contentsOfFile: badMerge)
        }
    }

    @Test func unsupportedShapesSayWhat() throws {
        let regex = try files.write(
            "regex.json",
            SmallTokenizerFiles.byteLevel(merges: [], preTokenizerRegex: #"\w+|\s+"#)
        )
        expectError(TokenizerError.unsupported, file: regex, containing: #"Split regex \w+|\s+"#) {
            try Tokenizer(contentsOfFile: regex)
        }
        let wordPiece = try files.write(
            "wordpiece.json",
            SmallTokenizerFiles.json(["model": ["type": "WordPiece", "vocab": ["a": 0]]])
        )
        expectError(TokenizerError.unsupported, file: wordPiece, containing: "WordPiece") {
            try Tokenizer(contentsOfFile: wordPiece)
        }
        let stripping = try files.write(
            "lstrip.json",
            SmallTokenizerFiles.byteLevel(
                merges: [],
                added: [["id": 300, "content": "<mask>", "lstrip": true]]
            )
        )
        expectError(TokenizerError.unsupported, file: stripping, containing: "lstrip") {
            try Tokenizer(contentsOfFile: stripping)
        }
    }

    @Test func badTiktokenFiles() throws {
        let unknown = try files.write("other.tiktoken", SmallTokenizerFiles.tiktoken(["ab"]))
        expectError(TokenizerError.unsupported, file: unknown, containing: "cl100k_base=\(unknown)") {
            try Tokenizer(contentsOfFile: unknown)
        }
        var lines = SmallTokenizerFiles.tiktoken([]).split(separator: "\n").map(String.init)
        lines[1] = "@@@ 1"
        let badBase64 = try files.write("base64.tiktoken", lines.joined(separator: "\n"))
        expectError(TokenizerError.malformed, file: badBase64, containing: "line 2: invalid base64") {
            try Tokenizer(tiktokenFile: badBase64, encoding: .cl100kBase)
        }
        lines[1] = "AQ== x"
        let badRank = try files.write("rank.tiktoken", lines.joined(separator: "\n"))
        expectError(TokenizerError.malformed, file: badRank, containing: "line 2: invalid rank") {
            try Tokenizer(tiktokenFile: badRank, encoding: .cl100kBase)
        }
        // Found by fuzzing: one huge rank made the id table as large as the rank (12 GB for this one).
        lines[1] = "lg== 1544004400"
        let sparse = try files.write("sparse.tiktoken", lines.joined(separator: "\n"))
        expectError(
            TokenizerError.malformed,
            file: sparse,
            containing: "rank 1544004400 on entry 2 is far beyond the file's 256 ranks"
        ) {
            try Tokenizer(tiktokenFile: sparse, encoding: .cl100kBase)
        }
        let missingByte = try files.write("bytes.tiktoken", "YQ== 0\n")
        expectError(TokenizerError.malformed, file: missingByte, containing: "single byte 0x0") {
            try Tokenizer(tiktokenFile: missingByte, encoding: .cl100kBase)
        }
    }
}
