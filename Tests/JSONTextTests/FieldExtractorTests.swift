import Testing

@testable import JSONText

@Suite struct FieldExtractorTests {
    static func values(_ line: String, _ paths: [String]) -> [FoundValue] {
        let extractor = JSONFieldExtractor(paths: paths.map { FieldPath($0)! })
        guard case .values(let values) = extractor.extract(Array(line.utf8)) else {
            Issue.record("not a JSON object: \(line)")
            return []
        }
        return values
    }

    @Test func anyNumberOfPaths() {
        let line = #"{"a": 1, "b": {"c": "x", "d": {"e": true}}, "f": "y", "g": [1], "h": -2.5e3, "i": null}"#
        let paths = ["a", "b.c", "b.d.e", "f", "g", "h", "i", "missing", "b.missing", "b.c", "a.deeper"]
        #expect(
            Self.values(line, paths) == [
                .number("1"), .string("x"), .other, .string("y"), .other, .number("-2.5e3"), .other, .missing,
                .missing, .string("x"), .missing,
            ]
        )
        #expect(Self.values(line, []) == [])
        // More paths than a word has bits.
        let many = (0..<100).map { "k\($0)" }
        let wide = "{" + many.enumerated().map { "\"\($1)\": \($0)" }.joined(separator: ", ") + "}"
        #expect(Self.values(wide, many) == (0..<100).map { .number(String($0)) })
    }

    @Test func aPathAndItsParentTogether() {
        #expect(Self.values(#"{"m": {"t": "x"}}"#, ["m", "m.t"]) == [.other, .string("x")])
        #expect(Self.values(#"{"m": {"t": "old"}, "m": {"u": 1}}"#, ["m.t", "m.u"]) == [.missing, .number("1")])
    }

    @Test func documentIDRule() {
        #expect(FoundValue.string("a\"b").documentID == "a\"b")
        #expect(FoundValue.number("1.50").documentID == "1.50")
        #expect(FoundValue.other.documentID == nil)
        #expect(FoundValue.missing.documentID == nil)
    }

    @Test func surrogatePairsAndLoneSurrogates() {
        #expect(Self.values(#"{"t": "\ud83d\ude00\uD83D\uDE00"}"#, ["t"]) == [.string("😀😀")])
        let extractor = JSONFieldExtractor(paths: [FieldPath("t")!])
        for line in [#"{"t": "\ud83d"}"#, #"{"t": "\ude00"}"#, #"{"t": "\ud83dx"}"#, #"{"t": "\ud83d\u0041"}"#] {
            guard case .failure(let reason, _) = extractor.extract(Array(line.utf8)) else {
                Issue.record("accepted \(line)")
                continue
            }
            #expect(reason.contains("(lone surrogate) at column 8"), "\(reason)")
        }
    }

    @Test func failuresKeepWhatWasReadAndNameTheColumn() {
        let extractor = JSONFieldExtractor(paths: [FieldPath("id")!, FieldPath("text")!])
        guard case .failure(let reason, let found) = extractor.extract(Array(#"{"id": 7, "text": "a\x"}"#.utf8)) else {
            Issue.record("accepted a bad escape")
            return
        }
        #expect(reason == #"invalid escape \x at column 21"#)
        #expect(found == [.number("7"), .missing])
    }

    @Test(arguments: ["", ".", "meta.", ".meta", "a..b"])
    func emptyPartsAreNoPath(path: String) {
        #expect(FieldPath(path) == nil)
    }

    @Test func pathsSplitAtDots() {
        #expect(FieldPath("meta.doc_id")!.keys == [Array("meta".utf8), Array("doc_id".utf8)])
        #expect(FieldPath("meta.doc_id")!.description == "meta.doc_id")
    }
}
