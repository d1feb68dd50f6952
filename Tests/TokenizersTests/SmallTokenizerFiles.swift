import Foundation

/// Writes small tokenizer files into a temporary folder for the loader and error tests.
final class SmallTokenizerFiles {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tokenizer-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Array(text.utf8))
    }

    static func json(_ object: Any) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// A byte-level BPE file (GPT-2 alphabet) with the Qwen2 split regex and a few merges.
    static func byteLevel(
        merges: [String],
        extraTokens: [String] = [],
        added: [[String: Any]] = [],
        model: [String: Any] = [:],
        preTokenizerRegex: String? = nil
    ) -> String {
        var vocab: [String: Int] = [:]
        for byte in 0..<256 { vocab[String(decoding: spelling(UInt8(byte)), as: UTF8.self)] = byte }
        for token in extraTokens { vocab[token] = vocab.count }
        var modelObject: [String: Any] = ["type": "BPE", "vocab": vocab, "merges": merges, "dropout": NSNull()]
        for (key, value) in model { modelObject[key] = value }
        let regex =
            preTokenizerRegex
            ?? #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        return json([
            "added_tokens": added,
            "normalizer": ["type": "NFC"],
            "pre_tokenizer": [
                "type": "Sequence",
                "pretokenizers": [
                    ["type": "Split", "pattern": ["Regex": regex], "behavior": "Isolated", "invert": false],
                    ["type": "ByteLevel", "add_prefix_space": false, "trim_offsets": false, "use_regex": false],
                ],
            ],
            "decoder": ["type": "ByteLevel", "add_prefix_space": false, "trim_offsets": false, "use_regex": false],
            "model": modelObject,
        ])
    }

    /// GPT-2's bytes_to_unicode spelling of one byte, as UTF-8.
    static func spelling(_ byte: UInt8) -> [UInt8] {
        let printable = (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte)
        if printable { return Array(String(Character(Unicode.Scalar(byte))).utf8) }
        let shifted = (0..<Int(byte)).filter { b in
            !((0x21...0x7E).contains(b) || (0xA1...0xAC).contains(b) || (0xAE...0xFF).contains(b))
        }.count
        return Array(String(Character(Unicode.Scalar(UInt32(256 + shifted))!)).utf8)
    }

    /// A SentencePiece-style file (Llama-2 shape) over a tiny vocabulary with byte fallback.
    static func sentencePiece(byteFallback: Bool = true) -> String {
        var vocab: [String: Int] = ["<unk>": 0, "<s>": 1, "</s>": 2]
        for byte in 0..<256 { vocab[String(format: "<0x%02X>", byte)] = 3 + byte }
        for token in ["▁", "a", "b", "▁a", "ab", "▁ab"] { vocab[token] = vocab.count }
        return json([
            "added_tokens": [
                [
                    "id": 0, "content": "<unk>", "special": true, "normalized": false, "lstrip": false, "rstrip": false,
                    "single_word": false,
                ],
                [
                    "id": 1, "content": "<s>", "special": true, "normalized": false, "lstrip": false, "rstrip": false,
                    "single_word": false,
                ],
            ],
            "normalizer": [
                "type": "Sequence",
                "normalizers": [
                    ["type": "Prepend", "prepend": "▁"],
                    ["type": "Replace", "pattern": ["String": " "], "content": "▁"],
                ],
            ],
            "pre_tokenizer": NSNull(),
            "decoder": [
                "type": "Sequence",
                "decoders": [
                    ["type": "Replace", "pattern": ["String": "▁"], "content": " "],
                    ["type": "ByteFallback"], ["type": "Fuse"],
                    ["type": "Strip", "content": " ", "start": 1, "stop": 0],
                ],
            ],
            "model": [
                "type": "BPE", "vocab": vocab, "merges": ["▁ a", "a b", "▁a b"], "unk_token": "<unk>",
                "byte_fallback": byteFallback, "fuse_unk": true, "dropout": NSNull(),
            ],
        ])
    }

    /// A tiktoken rank file: the 256 bytes, then extra tokens in rank order.
    static func tiktoken(_ extra: [String]) -> String {
        var lines = (0..<256).map { "\(Data([UInt8($0)]).base64EncodedString()) \($0)" }
        for (index, token) in extra.enumerated() {
            lines.append("\(Data(token.utf8).base64EncodedString()) \(256 + index)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
