import Testing

@testable import Shards

@Suite struct BadRecordTests {
    static func reason(_ line: String) throws -> String? {
        try record(for: line).bad?.reason
    }

    static func reason(_ line: [UInt8]) throws -> String? {
        try record(for: line).bad?.reason
    }

    @Test func notJSON() throws {
        #expect(try Self.reason("hello world") == "invalid JSON: expected a JSON object, found 'h' at column 1")
        #expect(try Self.reason(#"["text", "x"]"#) == "invalid JSON: expected a JSON object, found '[' at column 1")
        #expect(try Self.reason(#""just a string""#) == "invalid JSON: expected a JSON object, found '\"' at column 1")
        #expect(try Self.reason("  42") == "invalid JSON: expected a JSON object, found '4' at column 3")
    }

    @Test func truncatedObjects() throws {
        #expect(try Self.reason(#"{"text": "abc"#) == "invalid JSON: unterminated string at column 10")
        #expect(
            try Self.reason(#"{"text": "abc""#)
                == "invalid JSON: expected ',' or '}' after an object member, found end of line at column 15"
        )
        #expect(
            try Self.reason(#"{"text": "abc","#)
                == "invalid JSON: expected a string key, found end of line at column 16"
        )
        #expect(
            try Self.reason(#"{"text": "abc", "a": [1, 2"#)
                == "invalid JSON: expected ',' or ']', found end of line at column 27"
        )
        #expect(
            try Self.reason(#"{"text": "abc", "a": {"b": 1"#)
                == "invalid JSON: expected ',' or '}', found end of line at column 29"
        )
        #expect(try Self.reason(#"{"text":"#) == "invalid JSON: expected a value, found end of line at column 9")
        #expect(try Self.reason(#"{"text": "x\"#) == "invalid JSON: unterminated string at column 12")
    }

    @Test func trailingGarbage() throws {
        #expect(
            try Self.reason(#"{"text": "a"} x"#) == "invalid JSON: unexpected 'x' after the JSON object at column 15"
        )
        #expect(
            try Self.reason(#"{"text": "a"}{"text": "b"}"#)
                == "invalid JSON: unexpected '{' after the JSON object at column 14"
        )
        #expect(
            try Self.reason(#"{"text": "a"},"#) == "invalid JSON: unexpected ',' after the JSON object at column 14"
        )
    }

    @Test func syntaxErrorsInsideTheObject() throws {
        #expect(try Self.reason(#"{text: "a"}"#) == "invalid JSON: expected a string key, found 't' at column 2")
        #expect(
            try Self.reason(#"{"text" "a"}"#)
                == "invalid JSON: expected ':' after an object key, found '\"' at column 9"
        )
        #expect(try Self.reason(#"{"text": "a",}"#) == "invalid JSON: expected a string key, found '}' at column 14")
        #expect(
            try Self.reason(#"{"a": [1,], "text": "a"}"#) == "invalid JSON: expected a value, found ']' at column 10"
        )
        #expect(try Self.reason(#"{"a": 'x', "text": "a"}"#) == "invalid JSON: expected a value, found ''' at column 7")
        #expect(try Self.reason(#"{"a": tru, "text": "a"}"#) == "invalid JSON: expected a value, found 't' at column 7")
        #expect(try Self.reason(#"{"a": NaN, "text": "a"}"#) == "invalid JSON: expected a value, found 'N' at column 7")
        #expect(
            try Self.reason(#"{"a": [1 2], "text": "a"}"#)
                == "invalid JSON: expected ',' or ']', found '2' at column 10"
        )
    }

    @Test func invalidNumbers() throws {
        for (number, column) in [
            ("01", 8), ("1.", 7), (".5", 7), ("-", 7), ("1e", 7), ("1e+", 7), ("+1", 7), ("0x10", 8),
        ] {
            let reason = try #require(try Self.reason("{\"a\": \(number), \"text\": \"t\"}"), "\(number)")
            #expect(reason.hasPrefix("invalid JSON: "), "\(number)")
            #expect(reason.hasSuffix("at column \(column)"), "\(number): \(reason)")
        }
    }

    @Test func missingTextOrTextNotAString() throws {
        #expect(try Self.reason(#"{"id": "x"}"#) == "no string field 'text'")
        #expect(try Self.reason(#"{}"#) == "no string field 'text'")
        for value in ["null", "1", "true", "[\"a\"]", "{\"text\": \"a\"}"] {
            #expect(try Self.reason("{\"text\": \(value)}") == "no string field 'text'")
        }
    }

    @Test func invalidUTF8() throws {
        let prefix = Array(#"{"id": "k", "text": "ab"#.utf8)
        for bad: [UInt8] in [
            [0xFF], [0xC0, 0xAF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE4, 0xB8],
            [0x80],
        ] {
            let line = prefix + bad + Array(#"cd"}"#.utf8)
            #expect(try Self.reason(line) == "invalid UTF-8 at column 24", "\(bad)")
        }
        // In a field that is skipped, and in a key.
        #expect(
            try Self.reason(Array(#"{"title": "x"#.utf8) + [0xC3] + Array(#"", "text": "t"}"#.utf8))
                == "invalid UTF-8 at column 13"
        )
        #expect(
            try Self.reason(Array(#"{"ti"#.utf8) + [0xFE] + Array(#"tle": "x", "text": "t"}"#.utf8))
                == "invalid UTF-8 at column 5"
        )
        // In text that also has escapes.
        #expect(
            try Self.reason(Array(#"{"text": "\n"#.utf8) + [0xF8] + Array(#"\t"}"#.utf8))
                == "invalid UTF-8 at column 13"
        )
        // Outside any string.
        #expect(
            try Self.reason(Array(#"{"text": "t"} "#.utf8) + [0xFF])
                == "invalid JSON: unexpected invalid UTF-8 byte 0xFF after the JSON object at column 15"
        )
    }

    @Test func badEscapes() throws {
        #expect(try Self.reason(#"{"text": "a\qb"}"#) == #"invalid escape \q at column 12"#)
        #expect(try Self.reason(#"{"other": "\x41", "text": "t"}"#) == #"invalid escape \x at column 12"#)
        #expect(try Self.reason(#"{"text": "\u12G4"}"#) == #"invalid escape \u12G4 at column 11"#)
        #expect(try Self.reason(#"{"text": "\u12"}"#) == #"invalid escape \u12"} at column 11"#)
        #expect(try Self.reason("{\"text\": \"a\\\u{1}\"}") == #"invalid escape \ followed by byte 0x01 at column 12"#)
        #expect(try Self.reason(#"{"text": "a\'"}"#) == #"invalid escape \' at column 12"#)
    }

    @Test func loneSurrogates() throws {
        #expect(try Self.reason(#"{"text": "\uD800"}"#) == #"invalid escape \uD800 (lone surrogate) at column 11"#)
        #expect(try Self.reason(#"{"text": "\ud83dx"}"#) == #"invalid escape \ud83d (lone surrogate) at column 11"#)
        #expect(
            try Self.reason(#"{"text": "\ud83d\u0041"}"#) == #"invalid escape \ud83d (lone surrogate) at column 11"#
        )
        #expect(
            try Self.reason(#"{"text": "\uDE00\uD83D"}"#) == #"invalid escape \uDE00 (lone surrogate) at column 11"#
        )
        #expect(
            try Self.reason(#"{"skipped": "ab\uDFFF", "text": "t"}"#)
                == #"invalid escape \uDFFF (lone surrogate) at column 16"#
        )
    }

    @Test func controlCharactersInStrings() throws {
        #expect(
            try Self.reason("{\"text\": \"a\tb\"}")
                == "invalid JSON: unescaped control character 0x09 in a string at column 12"
        )
        #expect(
            try Self.reason("{\"text\": \"a\u{0}b\"}")
                == "invalid JSON: unescaped control character 0x00 in a string at column 12"
        )
    }

    @Test func idIsKeptWhenReadable() throws {
        #expect(try record(for: #"{"id": "doc-1", "text": 5}"#).bad?.id == "doc-1")
        #expect(try record(for: #"{"id": 77, "text": "a\qb"}"#).bad?.id == "77")
        #expect(try record(for: #"{"text": "a\qb", "id": 77}"#).bad?.id == nil)
        #expect(try record(for: #"not json"#).bad?.id == nil)
    }

    @Test func badRecordLocatesTheLine() throws {
        let bad = try #require(try record(for: #"{"text": 1}"#).bad)
        #expect(bad.locator == Locator(shard: "one.jsonl", line: 0, offset: 0, length: 11))
        #expect(bad.description == "one.jsonl: line 1, byte 0: no string field 'text'")
    }
}
