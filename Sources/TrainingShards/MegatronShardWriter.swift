import FileIO
import Foundation

/// Megatron-LM's MMapIndexedDataset (megatron/core/datasets/indexed_dataset.py), one sequence per document as
/// `tools/preprocess_data.py` writes without sentence splitting. `NAME.bin` holds the ids in the dtype
/// `DType.optimal_dtype(vocab_size)` picks (uint16 below 65,500 ids, else int32). `NAME.idx`: the magic
/// `MMIDIDX\0\0`, version 1 (uint64), the dtype code (uint8: 8 uint16, 4 int32), the sequence count and
/// the document count (uint64; documents are the sequence count + 1 boundaries), the sequence lengths
/// (int32), the sequence pointers (int64 byte offsets into `.bin`) and the document indices (int64: 0, 1,
/// ..., n), all little-endian.
final class MegatronShardWriter: ShardFileWriter {
    private let tokens: AtomicFileWriter
    private let stem: URL
    private let width: Int
    private var lengths: [Int32] = []

    init(stem: URL, layout: TokenizedLayout) throws {
        self.stem = stem
        width = layout.tokenizer.vocabularySize < 65_500 ? 2 : 4
        tokens = try AtomicFileWriter(destination: URL(fileURLWithPath: stem.path + ".bin"))
    }

    func append(_ document: PreparedDocument) throws {
        try tokens.write(littleEndianBytes(document.ids, width: width))
        lengths.append(Int32(document.ids.count))
    }

    func commit() throws -> (names: [String], bytes: Int64) {
        try tokens.commit()
        var index: [UInt8] = Array("MMIDIDX".utf8) + [0, 0]
        index += littleEndianBytes([UInt64(1)])
        index.append(width == 2 ? 8 : 4)
        index += littleEndianBytes([UInt64(lengths.count), UInt64(lengths.count + 1)])
        index += littleEndianBytes(lengths)
        var pointer: Int64 = 0
        var pointers: [Int64] = []
        pointers.reserveCapacity(lengths.count)
        for length in lengths {
            pointers.append(pointer)
            pointer += Int64(length) * Int64(width)
        }
        index += littleEndianBytes(pointers)
        index += littleEndianBytes((0...lengths.count).map { Int64($0) })
        try AtomicFileWriter.write(index, to: URL(fileURLWithPath: stem.path + ".idx"))
        let name = stem.lastPathComponent
        return ([name + ".bin", name + ".idx"], tokens.bytesWritten)
    }

    func abandon() { tokens.abandon() }
}
