import Testing

@testable import JSONText

@Suite struct PullReaderTests {
    /// The value of `json`, read with `loneSurrogates`, or the error's description.
    static func read(_ json: String, loneSurrogates: LoneSurrogates = .reject) -> (value: JSONValue?, failure: String?)
    {
        Array(json.utf8).withUnsafeBufferPointer { bytes in
            var reader = JSONPullReader(bytes, loneSurrogates: loneSurrogates)
            do {
                let value = try reader.readValue()
                try reader.expectEnd()
                return (value, nil)
            } catch {
                return (nil, "\(error)")
            }
        }
    }

    static func string(_ json: String, loneSurrogates: LoneSurrogates = .reject) -> String? {
        read(json, loneSurrogates: loneSurrogates).value?.string
    }

    static func failure(_ json: String) -> String? {
        read(json).failure
    }

    @Test func surrogatePairs() {
        #expect(Self.string(#""\ud83d\ude00\uD83D\uDE00""#) == "😀😀")
        #expect(Self.string(#""\ud83d\ude00""#, loneSurrogates: .replace) == "😀")
    }

    @Test func loneSurrogatesAreRefusedOrReplacedAsAsked() {
        for json in [#""\ud83d""#, #""\ude00""#, #""\ud83dx""#, #""\ud83d\u0041""#] {
            #expect(Self.failure(json)?.contains("lone surrogate escape at byte 1") == true, "\(json)")
        }
        #expect(Self.string(#""\ud83d""#, loneSurrogates: .replace) == "\u{FFFD}")
        #expect(Self.string(#""a\ude00b""#, loneSurrogates: .replace) == "a\u{FFFD}b")
        #expect(Self.string(#""\ud83d\u0041""#, loneSurrogates: .replace) == "\u{FFFD}A")
        #expect(Self.string(#""\ud83d\ud83d\ude00""#, loneSurrogates: .replace) == "\u{FFFD}😀")
    }

    @Test func errorsNameTheByte() {
        #expect(Self.failure(#"{"a": "x\q"}"#) == #"invalid escape '\q' at byte 8"#)
        #expect(Self.failure(#""\u12""#) == #"truncated \u escape at byte 1"#)
        #expect(Self.failure(#""\u12zz""#) == #"invalid \u escape at byte 1"#)
        #expect(Self.failure("\"a\u{1}\"") == "control byte 0x1 inside a string at byte 2")
        #expect(Self.failure(#""abc"#) == "unterminated string at byte 0")
        #expect(Self.failure("[01]") == "expected ',' or ']' in an array, found '1' at byte 2")
        #expect(Self.failure("[-]") == "expected a value, found '-' at byte 1")
        #expect(Self.failure("[tru]") == "invalid literal at byte 1")
        #expect(Self.failure("{} x") == "unexpected 'x' after the top-level value at byte 3")
        #expect(Self.failure("") == "expected a value, found end of file at byte 0")
    }

    @Test func invalidUTF8IsNamedAtTheString() {
        let bytes: [UInt8] = [0x5B, 0x22, 0x61, 0xFF, 0x22, 0x5D]
        let description = bytes.withUnsafeBufferPointer { bytes in
            var reader = JSONPullReader(bytes)
            do {
                _ = try reader.readValue()
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        #expect(description == "invalid UTF-8 inside the string at byte 2")
    }

    @Test func valuesAndIntegers() throws {
        let value = try #require(Self.read(#"{"a": [1, -2.5, 3e2, true, false, null], "b": "c"}"#).value)
        #expect(value["a"]?.array?.count == 6)
        #expect(value["a"]?.array?[2].integer == 300)
        #expect(value["b"]?.string == "c")
        let integers = Array("[12, -7, 1.5, 1234567890123456789]".utf8)
        try integers.withUnsafeBufferPointer { bytes in
            var reader = JSONPullReader(bytes)
            var read: [String] = []
            try reader.readArray { reader in
                do { read.append(String(try reader.readInteger())) } catch {
                    read.append((error as? JSONReadError)?.detail ?? "\(error)")
                }
            }
            #expect(read == ["12", "-7", "expected an integer, found a fraction", "integer too large"])
        }
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(Self.failure(deep) == nil)
        let deeper = "[" + deep + "]"
        #expect(Self.failure(deeper) == "nesting deeper than 64 levels at byte 64")
    }
}
