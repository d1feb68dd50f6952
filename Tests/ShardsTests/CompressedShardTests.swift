import Codecs
import Foundation
import Testing

@testable import Shards

@Suite struct CompressedShardTests {
    /// A few thousand varied lines, including bad and blank ones.
    static func sampleShard() -> String {
        var lines: [String] = []
        for i in 0..<3000 {
            switch i % 10 {
            case 3: lines.append("")
            case 7: lines.append("{\"id\": \(i), \"text\": 5}")
            default:
                lines.append(
                    "{\"id\": \"d\(i)\", \"text\": \"line \(i) \\u00e9 \(String(repeating: "abc ", count: i % 50))\\n\", \"source\": \"s\(i % 3)\"}"
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func summary(_ records: [Record]) -> [String] {
        records.map { record in
            switch record {
            case .document(let d):
                "\(d.locator.line) \(d.locator.offset) \(d.locator.length) \(d.id) \(d.source ?? "-") \(d.text)"
            case .bad(let b): "\(b.locator.line) \(b.locator.offset) \(b.locator.length) BAD \(b.id ?? "-") \(b.reason)"
            }
        }
    }

    @Test(arguments: [Compression.zstd, .lz4, .gzip, .none])
    func writerOutputReadsLikeThePlainShard(compression: Compression) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let content = Self.sampleShard()
        let plain = try folder.write(content, to: "plain.jsonl")
        let packed = folder.file("packed.jsonl\(compression.fileSuffix)")
        let writer = try CompressedFileWriter(destination: packed, compression: compression)
        try writer.write(content)
        try writer.commit()

        let fields = try FieldPaths(source: "source")
        let expected = try readAll(plain, fields: fields)
        let actual = try readAll(packed, fields: fields)
        #expect(actual.reader.compression == compression)
        #expect(expected.records.count == 2700)
        #expect(Self.summary(actual.records) == Self.summary(expected.records))
        #expect(actual.reader.blankLines == 300)
        #expect(actual.reader.decompressedBytesRead == Int64(content.utf8.count))
        let raw = [UInt8](try Data(contentsOf: packed))
        #expect(actual.reader.compressedBytesRead == Int64(raw.count))
        #expect(actual.reader.inputChecksum.size == Int64(raw.count))
        #expect(actual.reader.inputChecksum.xxh3 == raw.withUnsafeBytes { xxh3_64($0) })
    }

    @Test(arguments: [("zstd -q -c", Compression.zstd, ".zst"), ("lz4 -q -c", .lz4, ".lz4"), ("gzip -c", .gzip, ".gz")])
    func commandLineToolOutputReadsLikeThePlainShard(tool: String, compression: Compression, suffix: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let plain = try folder.write(Self.sampleShard(), to: "plain.jsonl")
        let packed = folder.file("packed.jsonl\(suffix)")
        // Two concatenated frames / members, as `cat` of two compressed files gives.
        try shell("\(tool) '\(plain.path)' > '\(packed.path)' && \(tool) '\(plain.path)' >> '\(packed.path)'")
        let doubled = try folder.write(Self.sampleShard() + Self.sampleShard(), to: "doubled.jsonl")
        let actual = try readAll(packed)
        #expect(actual.reader.compression == compression)
        #expect(
            Self.summary(actual.records)
                == Self.summary(try readAll(doubled).records).map {
                    $0.replacingOccurrences(of: "doubled.jsonl", with: "packed.jsonl\(suffix)")
                }
        )
    }

    @Test func compressionIsRecognisedByContentNotName() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let misnamed = folder.file("actually-zstd.jsonl.gz")
        let writer = try CompressedFileWriter(destination: misnamed, compression: .zstd)
        try writer.write("{\"text\": \"z\"}\n")
        try writer.commit()
        let (records, reader) = try readAll(misnamed)
        #expect(reader.compression == .zstd)
        #expect(records.first?.document?.text == "z")
    }

    @Test(arguments: [Compression.zstd, .lz4, .gzip])
    func truncatedShardThrowsNamingFileAndOffset(compression: Compression) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let whole = folder.file("whole")
        let writer = try CompressedFileWriter(destination: whole, compression: compression)
        try writer.write(Self.sampleShard())
        try writer.commit()
        let bytes = [UInt8](try Data(contentsOf: whole))
        let cut = try folder.write(Array(bytes.prefix(bytes.count * 2 / 3)), to: "cut.jsonl\(compression.fileSuffix)")
        let file = ShardFile(url: cut, relativePath: "cut", rootName: "r")
        let reader = try ShardReader(file: file, fields: try FieldPaths())
        var documents = 0
        let error = try #require(throws: CodecError.self) {
            while let record = try reader.next() { if record.document != nil { documents += 1 } }
        }
        #expect(error.kind == .truncated)
        #expect(
            error.description == "\(cut.path): unexpected end of \(compression) stream at byte \(bytes.count * 2 / 3)"
        )
        // Lines decoded before the cut still arrive first (LZ4 decodes nothing of its one unfinished 4 MiB block).
        if compression != .lz4 { #expect(documents > 0) }
    }

    @Test(arguments: [Compression.zstd, .lz4, .gzip])
    func corruptShardThrowsNamingFileAndOffset(compression: Compression) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let whole = folder.file("whole")
        let writer = try CompressedFileWriter(destination: whole, compression: compression)
        try writer.write(Self.sampleShard())
        try writer.commit()
        var bytes = [UInt8](try Data(contentsOf: whole))
        for i in (bytes.count / 2)..<(bytes.count / 2 + 8) { bytes[i] ^= 0xA5 }
        let damaged = try folder.write(bytes, to: "damaged.jsonl\(compression.fileSuffix)")
        let error = try #require(throws: CodecError.self) {
            _ = try readAll(damaged)
        }
        #expect(error.kind == .corrupt)
        #expect(error.file == damaged.path)
        #expect(error.description.hasPrefix("\(damaged.path): corrupt \(compression) stream at byte \(error.offset)"))
    }
}
