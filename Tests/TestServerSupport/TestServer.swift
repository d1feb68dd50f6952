import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// scripts/testserver/openai_server.py, the fault-injecting OpenAI-compatible test server, running on
/// a free port of 127.0.0.1 until `stop()`; shared by the rater's tests and the kill-and-resume tests.
public final class TestServer {
    public static let repository = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public struct Stats: Decodable {
        public let requests: Int
        public let faults: [String: Int]
        public let mismatches: [String]
        public let truncated: Int
        /// Text hash (hex) to the answer given.
        public let valid: [String: String]
    }

    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String
    }

    let process = Process()
    public let port: Int

    /// Starts the server with `arguments` (fault rates, --model, --seed...) and waits for its port.
    public init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [
                "python3", Self.repository.appendingPathComponent("scripts/testserver/openai_server.py").path,
                "--criteria", Self.repository.appendingPathComponent("criteria").path,
            ] + arguments
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
            throw StartFailure(description: "the test server did not start: \(text)")
        }
        self.port = port
    }

    public var endpoint: URL { URL(string: "http://127.0.0.1:\(port)/v1")! }

    public func stats() throws -> Stats {
        try JSONDecoder().decode(Stats.self, from: Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/stats")!))
    }

    /// SIGKILL: a test runner may hand its children a blocked SIGTERM.
    public func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
