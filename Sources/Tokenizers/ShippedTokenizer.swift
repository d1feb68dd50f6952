import Foundation

/// The tokenizers that ship inside DataMan as SwiftPM resources (see `shipped/*/README.md` for their
/// provenance and licenses). Qwen2, Qwen2.5 and Qwen3 share one vocabulary file and differ only in
/// their added tokens, so one file serves all three names.
enum ShippedTokenizer: String, CaseIterable {
    case qwen2 = "qwen2"
    case qwen25 = "qwen2.5"
    case qwen3 = "qwen3"

    /// Relative to the `shipped` resource folder.
    private var resource: String { "qwen/tokenizer.json.zst" }

    /// SHA-256 of the decompressed file (checked by a test; the zstd frame checksum guards the copy).
    private var sha256: String { "aeb13307a71acd8fe81861d94ad54ab689df773318809eed3cbe794b4492dae4" }

    private var highestAddedTokenID: Int {
        switch self {
        case .qwen2: return 151_645
        case .qwen25: return 151_664
        case .qwen3: return .max
        }
    }

    var resourcePath: String {
        guard let folder = Bundle.module.url(forResource: "shipped", withExtension: nil) else {
            return "shipped/" + resource
        }
        return folder.appendingPathComponent(resource).path
    }

    func load() throws -> Tokenizer {
        let path = resourcePath
        let bytes = try Tokenizer.readFile(path)
        let limit = highestAddedTokenID
        let definition = try bytes.withUnsafeBufferPointer {
            try HuggingFaceTokenizerFile.load($0, file: path, keepsAddedToken: { $0 <= limit })
        }
        return Tokenizer(name: rawValue, vocabularyHash: "sha256:" + sha256, definition: definition)
    }
}
