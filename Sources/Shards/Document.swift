/// Where a record lives: enough to find its bytes again without the annotation file.
///
/// For a Parquet shard, `line` and `offset` both hold the row number in the file and `length` the text's UTF-8
/// byte count (see `ParquetShardReader`).
public struct Locator: Sendable, Hashable {
    /// The shard's path relative to its input root, with `/` separators.
    public var shard: String
    /// 0-based line number in the decompressed shard.
    public var line: Int64
    /// Byte offset of the line's first byte in the decompressed shard.
    public var offset: Int64
    /// Byte length of the line, without its line terminator (`\n` or `\r\n`).
    public var length: Int32

    public init(shard: String, line: Int64, offset: Int64, length: Int32) {
        self.shard = shard
        self.line = line
        self.offset = offset
        self.length = length
    }

    /// The record's place for messages: `shard:line byte offset` (the line 1-based), or `shard row N` for a Parquet
    /// row (0-based, as Parquet readers count rows).
    public var place: String {
        ShardFormat(name: shard) == .parquet ? "\(shard) row \(line)" : "\(shard):\(line + 1) byte \(offset)"
    }
}

/// One JSONL record that parsed, with the fields the run asked for.
public struct Document: Sendable {
    public var locator: Locator
    /// The id field's value (strings unescaped, numbers as written), or `<shard>:<line>` when absent.
    public var id: String
    public var text: String
    /// The source field's value when one was asked for and present, else nil.
    public var source: String?

    public init(locator: Locator, id: String, text: String, source: String?) {
        self.locator = locator
        self.id = id
        self.text = text
        self.source = source
    }
}

/// A record that could not become a Document; the pipeline writes it as an error row.
public struct BadRecord: Sendable, Error, CustomStringConvertible {
    public var locator: Locator
    /// The id if it could still be read, so the error row keeps it.
    public var id: String?
    public var reason: String

    public init(locator: Locator, id: String?, reason: String) {
        self.locator = locator
        self.id = id
        self.reason = reason
    }

    public var description: String {
        ShardFormat(name: locator.shard) == .parquet
            ? "\(locator.shard): row \(locator.line): \(reason)"
            : "\(locator.shard): line \(locator.line + 1), byte \(locator.offset): \(reason)"
    }
}

public enum Record: Sendable {
    case document(Document)
    case bad(BadRecord)

    public var locator: Locator {
        switch self {
        case .document(let document): document.locator
        case .bad(let bad): bad.locator
        }
    }
}
