import Foundation

/// One document as the format writers take it: its original line (jsonl.zst), its ids (the tokenized
/// formats), or its text with its id and selection row (parquet).
struct PreparedDocument {
    var line: [UInt8] = []
    var ids: [UInt32] = []
    var text: [UInt8] = []
    var docID = ""
    var row = 0
}

/// The files of one output shard in one format. Each file is written under a temporary name and renamed
/// by `commit` (FileIO's AtomicFileWriter), so no file looks complete before it is.
protocol ShardFileWriter {
    func append(_ document: PreparedDocument) throws
    /// Makes the shard's files visible; returns their names and the bytes of the main file.
    func commit() throws -> (names: [String], bytes: Int64)
    func abandon()
}

extension TrainingFormat {
    /// The writer of shard `index` in `folder`.
    func writer(
        folder: URL,
        index: Int,
        layout: TokenizedLayout?,
        attributes: SelectionAttributes?
    ) throws -> any ShardFileWriter {
        let stem = folder.appendingPathComponent(String(format: "part-%05d", index))
        switch self {
        case .jsonlZstd: return try JSONLinesShardWriter(stem: stem)
        case .datatrove: return try DatatroveShardWriter(stem: stem, layout: layout!)
        case .megatron: return try MegatronShardWriter(stem: stem, layout: layout!)
        case .parquet: return try ParquetShardWriter(stem: stem, attributes: attributes!)
        }
    }
}

/// Packs token ids little-endian in `width` bytes each.
func littleEndianBytes(_ ids: [UInt32], width: Int) -> [UInt8] {
    var bytes = [UInt8]()
    bytes.reserveCapacity(ids.count * width)
    for id in ids {
        for byte in 0..<width { bytes.append(UInt8(truncatingIfNeeded: id >> (8 * byte))) }
    }
    return bytes
}

func littleEndianBytes<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
    var bytes = [UInt8]()
    bytes.reserveCapacity(values.count * MemoryLayout<T>.size)
    for value in values { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    return bytes
}
