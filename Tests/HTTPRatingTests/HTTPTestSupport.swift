import Codecs
import Criteria
import Foundation
import HTTPRating
import Rating
import TestServerSupport
import Tokenizers

#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationNetworking)
import FoundationNetworking  // Data(contentsOf:) of an http URL, for the test server's /stats
#endif

/// The repository root, found from this file (through the scratch packages' symlinks too).
let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let testCriteria: CriteriaSet = try! CriteriaSet.load(from: repositoryRoot.appendingPathComponent("criteria"))
let qwen2: Tokenizer = try! Tokenizer.named("qwen2")

/// The `text` of every record of a JSONL shard under `shards/`, plain or compressed.
func shardTexts(_ relativePath: String) throws -> [String] {
    let source = try DecompressingSource(
        url: repositoryRoot.appendingPathComponent("shards").appendingPathComponent(relativePath)
    )
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
        if count == 0 { break }
        data.append(contentsOf: buffer[..<count])
    }
    return try data.split(separator: 0x0A).map { line in
        let object = try JSONSerialization.jsonObject(with: Data(line)) as! [String: Any]
        return object["text"] as! String
    }
}
/// FNV-1a 64 of the UTF-8 bytes, the hash the test server derives its answers from.
func fnv1a64(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01B3
    }
    return hash
}

/// The ratings the test server gives a prepared text (see `answer_for` in openai_server.py).
func serverRatings(_ prepared: String) -> Ratings {
    let hash = fnv1a64(prepared)
    let scores = (0..<14).map { Int8((hash >> UInt64(4 * $0 + 4)) % 5 + 1) }
    return Ratings(scores: scores, domain: Int(hash % 15))
}
