import Foundation

@testable import Shards

/// A fresh folder under the system temporary directory, removed by `remove()`.
struct TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("shards-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ relativePath: String) -> URL { url.appendingPathComponent(relativePath) }

    /// Writes `bytes` at `relativePath`, creating folders on the way.
    @discardableResult
    func write(_ bytes: [UInt8], to relativePath: String) throws -> URL {
        let target = file(relativePath)
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        try Data(bytes).write(to: target)
        return target
    }

    @discardableResult
    func write(_ text: String, to relativePath: String) throws -> URL {
        try write(Array(text.utf8), to: relativePath)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Everything a reader yields for `url`, with the reader for its counters.
func readAll(
    _ url: URL,
    fields: FieldPaths? = nil,
    maxLineBytes: Int = 1 << 30
) throws -> (records: [Record], reader: ShardReader) {
    let file = ShardFile(
        url: url,
        relativePath: url.lastPathComponent,
        rootName: url.deletingLastPathComponent().lastPathComponent
    )
    let reader = try ShardReader(file: file, fields: try fields ?? FieldPaths(), maxLineBytes: maxLineBytes)
    var records: [Record] = []
    while let record = try reader.next() { records.append(record) }
    return (records, reader)
}

/// The single record of a one-line shard holding `line`.
func record(for line: String, fields: FieldPaths? = nil) throws -> Record {
    try record(for: Array(line.utf8), fields: fields)
}

func record(for line: [UInt8], fields: FieldPaths? = nil) throws -> Record {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let url = try folder.write(line + [0x0A], to: "one.jsonl")
    let records = try readAll(url, fields: fields).records
    guard records.count == 1 else { throw TestFailure("expected one record, got \(records.count)") }
    return records[0]
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension Record {
    var document: Document? {
        if case .document(let document) = self { return document }
        return nil
    }

    var bad: BadRecord? {
        if case .bad(let bad) = self { return bad }
        return nil
    }
}

/// Runs a shell command line; throws when it fails.
func shell(_ command: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw TestFailure("`\(command)` exited with \(process.terminationStatus)")
    }
}
