import FileIO
import Foundation

/// datatrove's tokenized file, as its `TokenizedFile` writes it and nanotron's `DatatroveFolderDataset` reads
/// it: `NAME.ds` holds the ids back to back (uint16 little-endian when the vocabulary has at most 65,536 ids,
/// else uint32: datatrove's `token_size`), `NAME.ds.index` the end of every document in tokens (uint64 LE),
/// `NAME.ds.metadata` three lines without a final newline: `TOKENIZER|token_size`, the token count, and
/// the count as `humanize.metric(count, unit="T")` prints it.
final class DatatroveShardWriter: ShardFileWriter {
    private let tokens: AtomicFileWriter
    private let stem: URL
    private let layout: TokenizedLayout
    private let width: Int
    private var documentEnds: [UInt64] = []
    private var written: UInt64 = 0

    init(stem: URL, layout: TokenizedLayout) throws {
        self.stem = stem
        self.layout = layout
        width = Self.tokenBytes(vocabularySize: layout.tokenizer.vocabularySize)
        tokens = try AtomicFileWriter(destination: URL(fileURLWithPath: stem.path + ".ds"))
    }

    /// datatrove: `4 if tokenizer.get_vocab_size() > np.iinfo(np.uint16).max + 1 else 2`.
    static func tokenBytes(vocabularySize: Int) -> Int { vocabularySize > 65_536 ? 4 : 2 }

    func append(_ document: PreparedDocument) throws {
        try tokens.write(littleEndianBytes(document.ids, width: width))
        written += UInt64(document.ids.count)
        documentEnds.append(written)
    }

    func commit() throws -> (names: [String], bytes: Int64) {
        let name = stem.lastPathComponent
        try tokens.commit()
        try AtomicFileWriter.write(littleEndianBytes(documentEnds), to: URL(fileURLWithPath: stem.path + ".ds.index"))
        let metadata = "\(layout.tokenizerName)|\(width)\n\(written)\n\(Self.metric(written, unit: "T"))"
        try AtomicFileWriter.write(Array(metadata.utf8), to: URL(fileURLWithPath: stem.path + ".ds.metadata"))
        return ([name + ".ds", name + ".ds.index", name + ".ds.metadata"], tokens.bytesWritten)
    }

    func abandon() { tokens.abandon() }

    /// `humanize.metric(value, unit)` with its default precision of 3 digits, for a count: `0.00 T`,
    /// `999 T`, `1.00 kT`, `12.3 MT` (a rounding carry such as 999,999 → `1.00 MT` moves up a prefix).
    static func metric(_ value: UInt64, unit: String) -> String {
        var exponent = value == 0 ? 0 : String(value).count - 1
        let oldBucket = exponent / 3 * 3
        var scaled = Double(value) / pow(10, Double(oldBucket))
        var digits = max(0, 3 - exponent % 3 - 1)
        if let rounded = Double(String(format: "%.\(digits)f", scaled)), rounded >= pow(10, Double(exponent % 3 + 1)) {
            exponent += 1
            scaled /= pow(10, Double(exponent / 3 * 3 - oldBucket))
            digits = max(0, 3 - exponent % 3 - 1)
        }
        let prefixes = Array("kMGTPEZYRQ")
        let prefix = exponent >= 3 ? String(prefixes[exponent / 3 - 1]) : ""
        return String(format: "%.\(digits)f", scaled) + " " + prefix + unit
    }
}
