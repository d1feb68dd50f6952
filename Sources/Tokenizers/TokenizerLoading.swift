import Codecs
import Crypto
import FileIO
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension Tokenizer {
    /// What `--tokenizer` accepts: a shipped name (`qwen2`, `qwen2.5`, `qwen3`), `ENCODING=PATH` for a
    /// tiktoken rank file (`cl100k_base=/path/cl100k_base.tiktoken`), or the path of a `tokenizer.json`
    /// or tiktoken file (plain, .zst, .gz or .lz4). Shipped names win over same-named files.
    public static func load(_ reference: String) throws -> Tokenizer {
        if let shipped = ShippedTokenizer(rawValue: reference) { return try shipped.load() }
        if let equals = reference.firstIndex(of: "="),
            let encoding = TiktokenEncoding(rawValue: String(reference[..<equals]))
        {
            return try Tokenizer(tiktokenFile: String(reference[reference.index(after: equals)...]), encoding: encoding)
        }
        return try Tokenizer(contentsOfFile: reference)
    }

    /// A tokenizer shipped inside DataMan, by name.
    public static func named(_ name: String) throws -> Tokenizer {
        guard let shipped = ShippedTokenizer(rawValue: name) else {
            throw TokenizerError.notFound(
                file: name,
                detail: "no shipped tokenizer by that name (shipped: \(shippedNames.joined(separator: ", ")))"
            )
        }
        return try shipped.load()
    }

    public static var shippedNames: [String] { ShippedTokenizer.allCases.map(\.rawValue) }

    /// A `tokenizer.json`, or a tiktoken rank file whose SHA-256 is one of the official encodings'.
    /// `name` defaults to the encoding's name for tiktoken files and to `path` otherwise.
    public convenience init(contentsOfFile path: String, name: String? = nil) throws {
        let bytes = try Self.readFile(path)
        let hash = Self.sha256Hex(bytes)
        let definition: TokenizerDefinition
        var defaultName = path
        if Self.looksLikeJSON(bytes) {
            definition = try bytes.withUnsafeBufferPointer { try HuggingFaceTokenizerFile.load($0, file: path) }
        } else if let encoding = TiktokenEncoding.allCases.first(where: { $0.officialSHA256 == hash }) {
            definition = try bytes.withUnsafeBufferPointer { try TiktokenFile.load($0, file: path, encoding: encoding) }
            defaultName = encoding.rawValue
        } else {
            throw TokenizerError.unsupported(
                file: path,
                detail: "neither a tokenizer.json nor an official tiktoken rank file "
                    + "(SHA-256 \(hash)); for another tiktoken file name its encoding: cl100k_base=\(path)"
            )
        }
        self.init(name: name ?? defaultName, vocabularyHash: "sha256:" + hash, definition: definition)
    }

    /// A tiktoken rank file read with the regex and special tokens of `encoding`.
    public convenience init(tiktokenFile path: String, encoding: TiktokenEncoding, name: String? = nil) throws {
        let bytes = try Self.readFile(path)
        let hash = Self.sha256Hex(bytes)
        let definition = try bytes.withUnsafeBufferPointer { try TiktokenFile.load($0, file: path, encoding: encoding) }
        self.init(name: name ?? encoding.rawValue, vocabularyHash: "sha256:" + hash, definition: definition)
    }

    /// The hex digest `sha256sum` prints; for tiktoken files also the hash tiktoken itself checks.
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    private static func looksLikeJSON(_ bytes: [UInt8]) -> Bool {
        bytes.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) } == UInt8(ascii: "{")
    }

    /// The whole file, decompressed when it is zstd, gzip or lz4.
    static func readFile(_ path: String) throws -> [UInt8] {
        do {
            let source = try DecompressingSource(url: URL(fileURLWithPath: path))
            var result: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let count = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
                if count == 0 { break }
                result.append(contentsOf: chunk[0..<count])
            }
            guard !result.isEmpty else { throw TokenizerError.malformed(file: path, detail: "the file is empty") }
            return result
        } catch let error as FileIOError {
            if error.isNotFound {
                throw TokenizerError.notFound(file: path, detail: "no such file")
            }
            throw TokenizerError.unreadable(file: path, detail: error.message)
        } catch let error as CodecError {
            throw TokenizerError.malformed(file: path, detail: error.description)
        }
    }
}
