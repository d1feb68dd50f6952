import Codecs
import Foundation

/// `part-NNNNN.jsonl.zst`: the documents' original lines, one per line.
final class JSONLinesShardWriter: ShardFileWriter {
    private let writer: CompressedFileWriter
    private let name: String

    init(stem: URL) throws {
        name = stem.lastPathComponent + ".jsonl.zst"
        writer = try CompressedFileWriter(
            destination: stem.deletingLastPathComponent().appendingPathComponent(name),
            compression: .zstd
        )
    }

    func append(_ document: PreparedDocument) throws {
        try writer.write(document.line)
        try writer.write([0x0A])
    }

    func commit() throws -> (names: [String], bytes: Int64) {
        try writer.commit()
        return ([name], writer.uncompressedBytesWritten)
    }

    func abandon() { writer.abandon() }
}
