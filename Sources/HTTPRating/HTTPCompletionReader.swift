import JSONText

/// The generated text of an OpenAI completion answer, read in one pass over the bytes without
/// Foundation's JSONDecoder (which cost more CPU per answer than the rest of the exchange). The
/// whole answer must be well-formed JSON; only the one string wanted is decoded.
enum HTTPCompletionReader {
    /// `choices[0].text` (completions) or, when that is missing or null, `choices[0].message.content`
    /// (chat); nil when the bytes are not such an answer.
    static func text(_ bytes: some Collection<UInt8>) -> String? {
        if let text = bytes.withContiguousStorageIfAvailable({ read($0) }) { return text }
        return Array(bytes).withUnsafeBufferPointer { read($0) }
    }

    private static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var reader = JSONPullReader(bytes)
        var text: String?
        var content: String?
        do {
            try reader.readObject { reader, key in
                guard key.elementsEqual("choices".utf8) else { return try reader.skipValue() }
                var index = 0
                try reader.readArray { reader in
                    defer { index += 1 }
                    guard index == 0 else { return try reader.skipValue() }
                    try reader.readObject { reader, key in
                        if key.elementsEqual("text".utf8) {
                            try readNullableString(&reader, into: &text)
                        } else if key.elementsEqual("message".utf8) {
                            if reader.readNull() { return }
                            try reader.readObject { reader, key in
                                guard key.elementsEqual("content".utf8) else { return try reader.skipValue() }
                                try readNullableString(&reader, into: &content)
                            }
                        } else {
                            try reader.skipValue()
                        }
                    }
                }
            }
            try reader.expectEnd()
        } catch {
            return nil
        }
        return text ?? content
    }

    /// A string into `value`, or null (leaving it as it was); an error for anything else.
    private static func readNullableString(_ reader: inout JSONPullReader, into value: inout String?) throws {
        if reader.readNull() { return }
        value = String(decoding: try reader.readString(), as: UTF8.self)
    }
}
