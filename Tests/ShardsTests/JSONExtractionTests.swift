import Testing

@testable import Shards

@Suite struct JSONExtractionTests {
    static func document(_ line: String, fields: FieldPaths? = nil) throws -> Document {
        let result = try record(for: line, fields: fields)
        guard let document = result.document else { throw TestFailure("bad record: \(result.bad!.reason)") }
        return document
    }

    @Test func everySimpleEscape() throws {
        let d = try Self.document(#"{"text": "q\" b\\ s\/ \b\f\n\r\t end"}"#)
        #expect(d.text == "q\" b\\ s/ \u{8}\u{c}\n\r\t end")
    }

    @Test func unicodeEscapesAndSurrogatePairs() throws {
        let d = try Self.document(#"{"text": "\u0041\u00e9\u00E9\u4e2d\uD83D\uDE00\ud83d\ude00 \u0000|\u007f\uffff"}"#)
        #expect(d.text == "Aéé中😀😀 \u{0}|\u{7f}\u{ffff}")
    }

    @Test func rawNonASCIIText() throws {
        let d = try Self.document(#"{"id": "ü-1", "text": "Grüße, 世界! 🎉 مرحبا"}"#)
        #expect(d.text == "Grüße, 世界! 🎉 مرحبا")
        #expect(d.id == "ü-1")
    }

    @Test func escapesAtEveryPositionAndInSeveralStrings() throws {
        // Escapes right after the quote, before it, back to back, and in key, id, source and text of one line.
        let line =
            #"{"i\u0064": "\n\"x\"\n", "so\u0075rce": "\tS", "te\u0078t": "\\\\ab\u00e9cdefghijklmnop\\", "k": "\r"}"#
        let d = try Self.document(line, fields: try FieldPaths(source: "source"))
        #expect(d.id == "\n\"x\"\n")
        #expect(d.source == "\tS")
        #expect(d.text == "\\\\abécdefghijklmnop\\")
    }

    @Test func longTextsWithManyEscapes() throws {
        var raw = ""
        var expected = ""
        for i in 0..<5000 {
            let piece = String(repeating: "a", count: i % 23)
            raw += piece + (i % 3 == 0 ? "\\n" : i % 3 == 1 ? "\\u00fc" : "\\\"")
            expected += piece + (i % 3 == 0 ? "\n" : i % 3 == 1 ? "ü" : "\"")
        }
        let d = try Self.document("{\"text\": \"\(raw)\"}")
        #expect(d.text == expected)
    }

    @Test func nestedPaths() throws {
        let fields = try FieldPaths(text: "doc.body", id: "meta.ids.main", source: "meta.redpajama_set_name")
        let line =
            #"{"meta": {"x": [1, {"a": null}], "redpajama_set_name": "RedPajamaC4", "ids": {"main": 42, "other": "7"}}, "doc": {"title": "t", "body": "B"}}"#
        let d = try Self.document(line, fields: fields)
        #expect(d.text == "B")
        #expect(d.id == "42")
        #expect(d.source == "RedPajamaC4")
    }

    @Test func fieldsInsideNestedValuesDoNotMatchTopLevelPaths() throws {
        let line =
            #"{"meta": {"text": "inner", "id": "inner-id"}, "list": [{"text": "in array"}, "text"], "text": "outer"}"#
        let d = try Self.document(line, fields: try FieldPaths(source: "source"))
        #expect(d.text == "outer")
        #expect(d.id == "one.jsonl:0")
        #expect(d.source == nil)
        let missing = try record(for: #"{"meta": {"text": "inner"}, "list": [{"text": "x"}]}"#)
        #expect(missing.bad?.reason == "no string field 'text'")
        // And a nested path does not match the same key at the top level.
        let nested = try record(
            for: #"{"body": "top", "doc": {"x": {"body": "deeper"}}}"#,
            fields: try FieldPaths(text: "doc.body")
        )
        #expect(nested.bad?.reason == "no string field 'doc.body'")
    }

    @Test func numericIdsAreKeptAsWritten() throws {
        for id in ["0", "-7", "12345678901234567890123", "1.50", "-0.0e+10", "6E-3"] {
            #expect(try Self.document("{\"id\": \(id), \"text\": \"t\"}").id == id)
        }
    }

    @Test func missingOrNonScalarIdFallsBackToLocation() throws {
        for value in ["null", "true", "{\"$oid\": \"x\"}", "[1]"] {
            #expect(try Self.document("{\"id\": \(value), \"text\": \"t\"}").id == "one.jsonl:0")
        }
        #expect(try Self.document(#"{"text": "t"}"#).id == "one.jsonl:0")
    }

    @Test func sourceIsAStringOrNil() throws {
        let fields = try FieldPaths(source: "src")
        #expect(try Self.document(#"{"text": "t", "src": "web"}"#, fields: fields).source == "web")
        #expect(try Self.document(#"{"text": "t", "src": 5}"#, fields: fields).source == nil)
        #expect(try Self.document(#"{"text": "t"}"#, fields: fields).source == nil)
        #expect(try Self.document(#"{"text": "t", "src": "web"}"#).source == nil)
    }

    @Test func duplicateKeysLastOneWins() throws {
        #expect(try Self.document(#"{"text": "first", "id": 1, "text": "second", "id": "b"}"#).text == "second")
        #expect(try Self.document(#"{"text": "first", "id": 1, "text": "second", "id": "b"}"#).id == "b")
        #expect(try record(for: #"{"text": "a string", "text": 3}"#).bad?.reason == "no string field 'text'")
        #expect(try Self.document(#"{"text": 3, "text": "now a string"}"#).text == "now a string")
        // A repeated parent object replaces the whole subtree, as Python's json does.
        let fields = try FieldPaths(text: "m.t")
        #expect(
            try record(for: #"{"m": {"t": "old"}, "m": {"u": 1}}"#, fields: fields).bad?.reason
                == "no string field 'm.t'"
        )
        #expect(try Self.document(#"{"m": {"u": 1}, "m": {"t": "new"}}"#, fields: fields).text == "new")
    }

    @Test func escapedKeysMatch() throws {
        #expect(try Self.document(#"{"\u0074ext": "via escape"}"#).text == "via escape")
        #expect(try Self.document(#"{"t\u00e9xt": "no", "text": "yes"}"#).text == "yes")
    }

    @Test func whitespaceAndEmptyContainersAnywhere() throws {
        let d = try Self.document(
            " \t{ \"a\" : [ ] , \"b\" : { } ,\"c\":[[],[{}]],\"text\"\t:\r\"x\" , \"z\" : true } \t"
        )
        #expect(d.text == "x")
    }

    @Test func everyKindOfSkippedValue() throws {
        let line =
            #"{"n": [0, -1, 1.5, 2e10, -3.25E-2, true, false, null, "s\"\\\u1234", {"deep": [[[{"k": []}]]]}], "text": "ok"}"#
        #expect(try Self.document(line).text == "ok")
    }

    @Test func locatorIsExact() throws {
        let d = try Self.document(#"{"text": "x"}"#)
        #expect(d.locator == Locator(shard: "one.jsonl", line: 0, offset: 0, length: 13))
    }
}
