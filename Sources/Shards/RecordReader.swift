/// Reads one shard's records in order, whatever its format; used by one task at a time.
///
/// A record's place is its `line`: the line number of a JSONL shard, the row number of a Parquet file (both
/// 0-based, counted over the whole file). The `Locator` says what `offset` and `length` hold for each format.
public protocol RecordReader: AnyObject {
    var file: ShardFile { get }

    /// The next record whose line is below `limit`, or nil at the end of the shard or at the first line at or past
    /// `limit`, which the next call returns. Throws only when the file itself fails (I/O, a corrupt stream or page);
    /// a bad record is returned as `.bad`.
    func next(before limit: Int64) throws -> Record?

    /// Moves to line `line` without reading the records before it where the format allows. False when the shard
    /// ends first.
    func skip(toLine line: Int64) throws -> Bool

    /// Whether the shard has no more records.
    func isAtEnd() throws -> Bool

    /// File bytes read so far (for progress).
    var compressedBytesRead: Int64 { get }
    /// Bytes of record content produced so far: decompressed lines, or the text of Parquet rows.
    var decompressedBytesRead: Int64 { get }

    /// What identifies the input: its size, and an XXH3-64 of the whole file (JSONL, complete once the shard was
    /// read to its end) or of its footer (Parquet, whose columns are not all read).
    var inputChecksum: (size: Int64, xxh3: UInt64) { get }
}

extension RecordReader {
    /// The next record, or nil at the end of the shard.
    public func next() throws -> Record? { try next(before: .max) }
}
