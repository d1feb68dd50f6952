import Annotations
import FileIO
import Foundation
import JSONText
import Parquet
import Shards

/// Reads the selected documents back from the shards they were annotated from, for `--materialize`
/// (the TrainingShards module orders them and writes them in a trainer's format). Each line read back
/// is checked to be the annotated one (line boundaries, length, id), and comes with its text field.
public struct Materializer: Sendable {
    /// One selected copy of a document: where its line is, and which repeat (epoch) of it this is.
    public struct Copy: Sendable, Equatable {
        public var shard: String
        public var offset: Int64
        public var length: Int32
        /// The tokens the annotation counted (the counter `dataman annotate` used).
        public var tokens: Int32
        public var docID: String
        public var idHash: UInt64
        public var epoch: Int32
        /// The copy's row in `selection.parquet`, where its ratings, source and domain are.
        public var row: Int
    }

    public let annotations: AnnotationSet
    /// The folder the annotated shards' relative paths (`dataman.input.path`) start from.
    public let shardsRoot: URL

    public init(annotations: AnnotationSet, shardsRoot: URL) throws {
        self.annotations = annotations
        self.shardsRoot = shardsRoot
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

    /// Removes an earlier mixture's `manifest.json` (first: `data/` without it reads as incomplete),
    /// `data/` and `spill.tmp/`, before a new selection is written into `output`, so a kill between
    /// the new selection and its data never leaves the old data looking like the new mixture's. An
    /// unfinished run's `data.tmp/` stays: its progress file names the selection and settings it was
    /// written for, and the materialization keeps its files only when those are the same (a resume).
    public static func discardMixtureData(in output: URL) throws {
        let manager = FileManager.default
        for name in ["manifest.json", "data", "spill.tmp"] {
            let url = output.appendingPathComponent(name)
            guard manager.fileExists(atPath: url.path) else { continue }
            do { try manager.removeItem(at: url) } catch {
                throw SamplingError.outputUnwritable(
                    "cannot remove the earlier mixture's \(url.path) before writing a new selection: \(error.localizedDescription)"
                )
            }
        }
    }

    /// The copies `selection` (written by `Sampler.run`) lists, in reading order: shard by shard, in the
    /// order the selection first names them (shards only its boundary rows name come last, by path), each
    /// shard's copies by offset, a repeat right after its document's first copy. Reading in this order
    /// passes over every shard once, front to back.
    public func copies(selection: URL) throws -> [Copy] {
        let reader: ParquetReader
        do { reader = try ParquetReader(url: selection) } catch { throw SamplingError.notASelection("\(error)") }
        let boundaryRows =
            Int64(reader.metadata.first { $0.key == SelectionFileWriter.boundaryRowsKey }?.value ?? "") ?? -1
        guard boundaryRows >= 0 else {
            throw SamplingError.notASelection(
                "\(selection.path): no '\(SelectionFileWriter.boundaryRowsKey)' metadata; write it with dataman sample"
            )
        }
        var all: [Copy] = []
        all.reserveCapacity(Int(reader.rowCount))
        for group in 0..<reader.rowGroupCount { all += try Self.rows(reader, group, firstRow: all.count) }
        // The boundary rows come last in the file, out of shard order.
        let firstLate = all.count - Int(boundaryRows)
        var rank: [String: Int] = [:]
        for copy in all[..<max(0, firstLate)] where rank[copy.shard] == nil { rank[copy.shard] = rank.count }
        for shard in Set(all[max(0, firstLate)...].map(\.shard)).sorted() where rank[shard] == nil {
            rank[shard] = rank.count
        }
        return all.sorted { (rank[$0.shard]!, $0.offset, $0.epoch) < (rank[$1.shard]!, $1.offset, $1.epoch) }
    }

    /// Reads the line of every copy in `copies` (in `copies(selection:)`'s order) with its text field, checked
    /// against its annotation, and hands it to `body` with the copy's index; a repeat reuses its first copy's line.
    public func readLines(_ copies: [Copy], body: (Int, ShardLine) throws -> Void) throws {
        let fields = Dictionary(annotations.files.map { ($0.inputPath, $0.metadata) }) { a, _ in a }
        var index = 0
        while index < copies.count {
            let shard = copies[index].shard
            let metadata = fields[shard] ?? [:]
            let textField = metadata[AnnotationMetadataKeys.textField] ?? "text"
            guard let textPath = FieldPath(textField) else {
                throw SamplingError.notASelection("\(shard): the annotations name the text field '\(textField)'")
            }
            let reader = try ShardLineReader(
                url: shardsRoot.appendingPathComponent(shard),
                idField: metadata[AnnotationMetadataKeys.idField] ?? "",
                textField: textField,
                fields: [textPath]
            )
            var last: (offset: Int64, line: ShardLine)?
            while index < copies.count, copies[index].shard == shard {
                let copy = copies[index]
                if last?.offset != copy.offset {
                    do {
                        last = (
                            copy.offset,
                            try reader.document(at: copy.offset, length: Int(copy.length), docID: copy.docID)
                        )
                    } catch {
                        throw SamplingError.documentUnavailable(error.message)
                    }
                }
                try body(index, last!.line)
                index += 1
            }
        }
    }

    private static func strings(_ reader: ParquetReader, _ name: String, _ group: Int) throws -> [String?] {
        guard case .string(let values) = try reader.read(column: name, rowGroup: group) else {
            throw SamplingError.notASelection("\(reader.url.path): column '\(name)' is not a string column")
        }
        return values
    }

    private static func rows(_ reader: ParquetReader, _ group: Int, firstRow: Int) throws -> [Copy] {
        let shards = try strings(reader, "shard", group)
        let ids = try strings(reader, "doc_id", group)
        guard case .int64(let offsets) = try reader.read(column: "offset", rowGroup: group),
            case .int32(let lengths) = try reader.read(column: "length", rowGroup: group),
            case .int32(let tokens) = try reader.read(column: "tokens", rowGroup: group),
            case .int64(let hashes) = try reader.read(column: "id_hash", rowGroup: group),
            case .int32(let epochs) = try reader.read(column: "epoch", rowGroup: group)
        else { throw SamplingError.notASelection("\(reader.url.path): not a selection file (unexpected column types)") }
        return try shards.indices.map { row in
            guard let shard = shards[row], let id = ids[row], let offset = offsets[row], let length = lengths[row],
                let count = tokens[row], let hash = hashes[row], let epoch = epochs[row]
            else {
                throw SamplingError.notASelection(
                    "\(reader.url.path): row group \(group), row \(row) has a null locator"
                )
            }
            return Copy(
                shard: shard,
                offset: offset,
                length: length,
                tokens: count,
                docID: id,
                idHash: UInt64(bitPattern: hash),
                epoch: epoch,
                row: firstRow + row
            )
        }
    }
}
