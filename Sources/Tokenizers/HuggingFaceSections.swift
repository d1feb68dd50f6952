import JSONText

extension HuggingFaceTokenizerFile {
    /// The parts of a `tokenizer.json` the loader uses. The model's vocabulary and merges (hundreds of
    /// thousands of entries) are streamed into flat arrays; everything else is kept as small trees.
    struct Sections {
        struct Model {
            var settings: [String: JSONValue] = [:]
            var vocabulary: [(token: [UInt8], id: UInt32)] = []
            var merges: [(left: [UInt8], right: [UInt8])] = []
        }

        var addedTokens: JSONValue?
        var normalizer: JSONValue?
        var preTokenizer: JSONValue?
        var decoder: JSONValue?
        var model = Model()

        static func read(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws -> Sections {
            do {
                return try readSections(bytes, file: file)
            } catch let error as JSONReadError {
                throw TokenizerError.malformed(file: file, detail: error.description)
            }
        }

        private static func readSections(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws -> Sections {
            // Lone surrogate escapes decode as U+FFFD, as in Hugging Face's library. The nesting allowed is the
            // top-level object plus 64 levels inside a section, as the tokenizer reader has always allowed.
            var reader = JSONPullReader(bytes, loneSurrogates: .replace, maxNesting: 65)
            var sections = Sections()
            var sawModel = false
            try reader.readObject { reader, key in
                switch String(decoding: key, as: UTF8.self) {
                case "added_tokens": sections.addedTokens = try reader.readValue()
                case "normalizer": sections.normalizer = try reader.readValue()
                case "pre_tokenizer": sections.preTokenizer = try reader.readValue()
                case "decoder": sections.decoder = try reader.readValue()
                case "model":
                    sections.model = try readModel(&reader)
                    sawModel = true
                default: try reader.skipValue()
                }
            }
            try reader.expectEnd()
            guard sawModel else { throw TokenizerError.malformed(file: file, detail: "no \"model\" section") }
            return sections
        }

        private static func readModel(_ reader: inout JSONPullReader) throws -> Model {
            var model = Model()
            try reader.readObject { reader, key in
                switch String(decoding: key, as: UTF8.self) {
                case "vocab":
                    try reader.readObject { reader, token in
                        let start = reader.offset
                        let id = try reader.readInteger()
                        guard id >= 0 && id < Int(Int32.max) else {
                            throw reader.error("token id \(id) out of range", at: start)
                        }
                        model.vocabulary.append((token, UInt32(id)))
                    }
                case "merges":
                    try reader.readArray { reader in model.merges.append(try readMerge(&reader)) }
                case let other:
                    model.settings[other] = try reader.readValue()
                }
            }
            return model
        }

        /// A merge is `"left right"` (older files) or `["left", "right"]` (newer files).
        private static func readMerge(_ reader: inout JSONPullReader) throws -> (left: [UInt8], right: [UInt8]) {
            let start = reader.offset
            if reader.peek() == UInt8(ascii: "[") {
                var parts: [[UInt8]] = []
                try reader.readArray { reader in parts.append(try reader.readString()) }
                guard parts.count == 2 else {
                    throw reader.error("a merge pair needs 2 strings, found \(parts.count)", at: start)
                }
                return (parts[0], parts[1])
            }
            let merge = try reader.readString()
            guard let space = merge.firstIndex(of: UInt8(ascii: " ")), merge.lastIndex(of: UInt8(ascii: " ")) == space
            else {
                throw reader.error(
                    "a merge string needs exactly one space: \"\(String(decoding: merge, as: UTF8.self))\"",
                    at: start
                )
            }
            return (Array(merge[..<space]), Array(merge[(space + 1)...]))
        }
    }
}
