import Codecs
#if canImport(Glibc)
import Glibc
#endif
import Criteria
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking  // Data(contentsOf:) of an http URL, for the test server's /stats
#endif
import Raters
import Tokenizers

/// The repository root, found from this file (through the scratch packages' symlinks too).
let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let testCriteria: CriteriaSet = try! CriteriaSet.load(from: repositoryRoot.appendingPathComponent("criteria"))
let qwen2: Tokenizer = try! Tokenizer.named("qwen2")

/// The `text` of every record of a JSONL shard under `shards/`, plain or compressed.
func shardTexts(_ relativePath: String) throws -> [String] {
    let source = try DecompressingSource(url: repositoryRoot.appendingPathComponent("shards").appendingPathComponent(relativePath))
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

/// scripts/testserver/openai_server.py running on a free port of 127.0.0.1 until `stop()`.
final class TestServer {
    let process = Process()
    let port: Int

    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", repositoryRoot.appendingPathComponent("scripts/testserver/openai_server.py").path,
                             "--criteria", repositoryRoot.appendingPathComponent("criteria").path] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5)) else {
            process.terminate()
            throw DataManError.configuration("the test server did not start: \(text)")
        }
        self.port = port
    }

    var endpoint: URL { URL(string: "http://127.0.0.1:\(port)/v1")! }

    struct Stats: Decodable {
        let requests: Int
        let faults: [String: Int]
        let mismatches: [String]
        let truncated: Int
        let valid: [String: String]
    }

    func stats() throws -> Stats {
        try JSONDecoder().decode(Stats.self, from: Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/stats")!))
    }

    /// SIGKILL: a test runner may hand its children a blocked SIGTERM.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
