import Foundation

@testable import Codecs

/// A fresh folder under the system temporary directory, removed by `remove()`.
struct TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("codecs-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Deterministic test bytes: text-like runs (compressible) mixed with pseudo-random bytes.
func sampleBytes(count: Int, seed: UInt64 = 1) -> [UInt8] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    func nextRandom() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
    let words: [[UInt8]] = ["the ", "quick ", "brown ", "fox ", "jumps ", "über ", "数据 ", "\n", "{\"text\": "].map {
        Array($0.utf8)
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count)
    while bytes.count < count {
        let r = nextRandom()
        if r % 5 == 0 {
            for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: r >> (i * 8))) }
        } else {
            bytes.append(contentsOf: words[Int(r >> 32) % words.count])
        }
    }
    return Array(bytes.prefix(count))
}

/// Runs a shell command line; throws when it fails.
func shell(_ command: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw ShellFailure(command: command, status: process.terminationStatus)
    }
}

struct ShellFailure: Error, CustomStringConvertible {
    var command: String
    var status: Int32
    var description: String { "`\(command)` exited with \(status)" }
}

/// Writes `bytes` compressed with `compression` through CompressedFileWriter, in pieces of `piece` bytes.
func writeCompressed(
    _ bytes: [UInt8],
    to url: URL,
    compression: Compression,
    level: Int? = nil,
    piece: Int = 100_000
) throws {
    let writer = try CompressedFileWriter(
        destination: url,
        compression: compression,
        level: level ?? compression.defaultLevel
    )
    var at = 0
    while at < bytes.count {
        let end = min(bytes.count, at + piece)
        try bytes[at..<end].withUnsafeBytes { try writer.write($0) }
        at = end
    }
    try writer.commit()
}

/// Everything a DecompressingSource yields, read with reads of `chunk` bytes.
func decompressAll(_ url: URL, chunk: Int = 1 << 16) throws -> (bytes: [UInt8], source: DecompressingSource) {
    let source = try DecompressingSource(url: url)
    return (try drain(source, chunk: chunk), source)
}

func drain(_ source: DecompressingSource, chunk: Int) throws -> [UInt8] {
    var result: [UInt8] = []
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 1)
    defer { buffer.deallocate() }
    while true {
        let n = try source.read(into: buffer)
        if n == 0 { return result }
        result.append(contentsOf: buffer[0..<n])
    }
}

func readFile(_ url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }

func writeFile(_ bytes: [UInt8], _ url: URL) throws { try Data(bytes).write(to: url) }

/// nil when equal, else a short account of where two byte arrays part (arrays this big must not be printed whole).
func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> String? {
    guard a != b else { return nil }
    let common = zip(a, b).prefix { $0 == $1 }.count
    return "lengths \(a.count) and \(b.count), first difference at byte \(common)"
}
