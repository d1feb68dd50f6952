import Annotations
import Codecs
import FileIO
import Foundation
import Parquet
import Shards

/// Writes the selected documents' original JSON lines as `.jsonl.zst` shards of about
/// `shardTokens` tokens each, reading every source shard once, in order, by byte offset. Each
/// line read back is checked to be the annotated one (line boundaries, length, id). Files go to
/// `data.tmp/` and the folder becomes `data/` only when all are written, with `manifest.json`.
public struct Materializer {
    public struct Manifest: Codable, Sendable {
        public struct File: Codable, Sendable {
            public var path: String
            public var documents: Int64
            public var tokens: Int64
            public var bytes: Int64
        }

        public var files: [File]
        public var documents: Int64
        public var tokens: Int64
        public var shardTokens: Int64
        /// Repeats (epochs > 0) are written right after the document's first copy.
        public var repeatedDocuments: Int64
    }

    public let annotations: AnnotationSet
    /// The folder the annotated shards' relative paths (`dataman.input.path`) start from.
    public let shardsRoot: URL
    public let shardTokens: Int64

    public init(annotations: AnnotationSet, shardsRoot: URL, shardTokens: Int64) throws {
        guard shardTokens > 0 else { throw SamplingError.invalidOption("--shard-tokens must be positive") }
        self.annotations = annotations
        self.shardsRoot = shardsRoot
        self.shardTokens = shardTokens
        let missing = Set(annotations.files.map(\.inputPath)).sorted().filter {
            !FileManager.default.fileExists(atPath: shardsRoot.appendingPathComponent($0).path)
        }
        if let first = missing.first {
            throw SamplingError.documentUnavailable(
                """
                --materialize: \(missing.count) annotated shard\(missing.count == 1 ? " is" : "s are") not under \(shardsRoot.path), \
                e.g. \(shardsRoot.appendingPathComponent(first).path); give --shards the folder the shards were annotated from
                """
            )
        }
    }

    /// One selected row as the materializer needs it.
    struct Wanted {
        var offset: Int64
        var length: Int32
        var tokens: Int32
        var docID: String
        var epoch: Int32
    }

    /// Removes an earlier mixture's `manifest.json` (first: `data/` without it reads as incomplete),
    /// `data/` and `data.tmp/`, before a new selection is written into `output`, so a kill between
    /// the new selection and its data never leaves the old data looking like the new mixture's.
    public static func discardMixtureData(in output: URL) throws {
        let manager = FileManager.default
        for name in ["manifest.json", "data", "data.tmp"] {
            let url = output.appendingPathComponent(name)
            guard manager.fileExists(atPath: url.path) else { continue }
            do { try manager.removeItem(at: url) } catch {
                throw SamplingError.outputUnwritable(
                    "cannot remove the earlier mixture's \(url.path) before writing a new selection: \(error.localizedDescription)"
                )
            }
        }
    }

    /// Reads `selection` (written by `Sampler.run`) and writes `output/data/` and `output/manifest.json`.
    public func run(selection: URL, output: URL) throws -> Manifest {
        let reader: ParquetReader
        do { reader = try ParquetReader(url: selection) } catch { throw SamplingError.notASelection("\(error)") }
        let boundaryRows =
            Int64(reader.metadata.first { $0.key == SelectionFileWriter.boundaryRowsKey }?.value ?? "") ?? -1
        guard boundaryRows >= 0 else {
            throw SamplingError.notASelection(
                "\(selection.path): no '\(SelectionFileWriter.boundaryRowsKey)' metadata; write it with dataman sample"
            )
        }
        let idFields = Dictionary(
            annotations.files.map { ($0.inputPath, $0.metadata[AnnotationMetadataKeys.idField] ?? "") }
        ) { a, _ in a }

        // The boundary rows come last in the file, out of shard order; they are few, so keep them by shard.
        var late: [String: [Wanted]] = [:]
        var groupStart: Int64 = 0
        var groups: [(index: Int, first: Int64, count: Int)] = []
        for group in 0..<reader.rowGroupCount {
            let count = try Self.strings(reader, "shard", group).count
            groups.append((group, groupStart, count))
            groupStart += Int64(count)
        }
        let firstLate = groupStart - boundaryRows

        let staging = output.appendingPathComponent("data.tmp")
        try? FileManager.default.removeItem(at: staging)
        var out = OutputShards(folder: staging, shardTokens: shardTokens)
        do {
            for (group, first, count) in groups where first + Int64(count) > firstLate {
                let rows = try Self.rows(reader, group)
                for (index, row) in rows.enumerated() where first + Int64(index) >= firstLate {
                    late[row.shard, default: []].append(row.wanted)
                }
            }
            var currentShard: String?
            var pending: [Wanted] = []
            func finishShard() throws {
                guard let shard = currentShard else { return }
                let all = (pending + (late.removeValue(forKey: shard) ?? [])).sorted {
                    ($0.offset, $0.epoch) < ($1.offset, $1.epoch)
                }
                try copy(all, shard: shard, idField: idFields[shard] ?? "", into: &out)
                pending = []
            }
            for (group, first, _) in groups where first < firstLate {
                let rows = try Self.rows(reader, group)
                for (index, row) in rows.enumerated() where first + Int64(index) < firstLate {
                    if row.shard != currentShard {
                        try finishShard()
                        currentShard = row.shard
                    }
                    pending.append(row.wanted)
                }
            }
            try finishShard()
            for shard in late.keys.sorted() {
                currentShard = shard
                try finishShard()
            }
            let manifest = try out.finish()
            let data = output.appendingPathComponent("data")
            try? FileManager.default.removeItem(at: data)
            try FileManager.default.moveItem(at: staging, to: data)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            try AtomicFileWriter.write(
                Array(try encoder.encode(manifest)) + [0x0A],
                to: output.appendingPathComponent("manifest.json")
            )
            return manifest
        } catch {
            out.abandon()
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
    }

    /// Copies one source shard's wanted lines (sorted by offset) to the output.
    private func copy(_ wanted: [Wanted], shard: String, idField: String, into out: inout OutputShards) throws {
        let url = shardsRoot.appendingPathComponent(shard)
        let reader = try ShardLineReader(url: url, idField: idField)
        var lastOffset: Int64 = -1
        var line: [UInt8] = []
        for row in wanted {
            if row.offset != lastOffset {
                do {
                    line = try reader.document(at: row.offset, length: Int(row.length), docID: row.docID).bytes
                } catch {
                    throw SamplingError.documentUnavailable(error.message)
                }
                lastOffset = row.offset
            }
            try out.write(line, tokens: Int64(row.tokens), repeat: row.epoch > 0)
        }
    }

    private static func strings(_ reader: ParquetReader, _ name: String, _ group: Int) throws -> [String?] {
        guard case .string(let values) = try reader.read(column: name, rowGroup: group) else {
            throw SamplingError.notASelection("\(reader.url.path): column '\(name)' is not a string column")
        }
        return values
    }

    private static func rows(_ reader: ParquetReader, _ group: Int) throws -> [(shard: String, wanted: Wanted)] {
        let shards = try strings(reader, "shard", group)
        let ids = try strings(reader, "doc_id", group)
        guard case .int64(let offsets) = try reader.read(column: "offset", rowGroup: group),
            case .int32(let lengths) = try reader.read(column: "length", rowGroup: group),
            case .int32(let tokens) = try reader.read(column: "tokens", rowGroup: group),
            case .int32(let epochs) = try reader.read(column: "epoch", rowGroup: group)
        else { throw SamplingError.notASelection("\(reader.url.path): not a selection file (unexpected column types)") }
        return try shards.indices.map { row in
            guard let shard = shards[row], let id = ids[row], let offset = offsets[row], let length = lengths[row],
                let count = tokens[row], let epoch = epochs[row]
            else {
                throw SamplingError.notASelection(
                    "\(reader.url.path): row group \(group), row \(row) has a null locator"
                )
            }
            return (shard, Wanted(offset: offset, length: length, tokens: count, docID: id, epoch: epoch))
        }
    }
}

/// The numbered `.jsonl.zst` files of a materialized selection; a new file starts once the
/// current one holds `shardTokens` tokens.
struct OutputShards {
    let folder: URL
    let shardTokens: Int64
    private var writer: CompressedFileWriter?
    private var current = Materializer.Manifest.File(path: "", documents: 0, tokens: 0, bytes: 0)
    private var files: [Materializer.Manifest.File] = []
    private var repeats: Int64 = 0

    init(folder: URL, shardTokens: Int64) {
        self.folder = folder
        self.shardTokens = shardTokens
    }

    mutating func write(_ line: [UInt8], tokens: Int64, repeat isRepeat: Bool) throws {
        if writer == nil {
            current = .init(
                path: String(format: "data/part-%05d.jsonl.zst", files.count),
                documents: 0,
                tokens: 0,
                bytes: 0
            )
            writer = try CompressedFileWriter(
                destination: folder.appendingPathComponent(String(current.path.dropFirst(5))),
                compression: .zstd
            )
        }
        try writer!.write(line)
        try writer!.write([0x0A])
        current.documents += 1
        current.tokens += tokens
        current.bytes += Int64(line.count + 1)
        if isRepeat { repeats += 1 }
        if current.tokens >= shardTokens { try close() }
    }

    private mutating func close() throws {
        guard let writer else { return }
        try writer.commit()
        files.append(current)
        self.writer = nil
    }

    mutating func finish() throws -> Materializer.Manifest {
        try close()
        return Materializer.Manifest(
            files: files,
            documents: files.reduce(0) { $0 + $1.documents },
            tokens: files.reduce(0) { $0 + $1.tokens },
            shardTokens: shardTokens,
            repeatedDocuments: repeats
        )
    }

    func abandon() { writer?.abandon() }
}
