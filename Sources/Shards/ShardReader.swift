import Codecs
import FileIO
import JSONText

/// Reads one JSONL shard's records in order: decompresses, frames lines and extracts the requested fields, in
/// bounded memory whatever the file or line size. Used by one task at a time.
public final class ShardReader: RecordReader {
    public let file: ShardFile
    public let fields: FieldPaths
    public let maxLineBytes: Int
    /// Lines that were empty or only whitespace: skipped, but counted in line numbers.
    public private(set) var blankLines: Int64 = 0

    private let hashing: HashingSource
    private let source: DecompressingSource
    private let framer: LineFramer
    private let extractor: JSONFieldExtractor

    /// Opens the file and recognises its compression from its first bytes; decoding starts with `next()`.
    public init(file: ShardFile, fields: FieldPaths, maxLineBytes: Int = 1 << 30) throws {
        guard maxLineBytes >= 1, maxLineBytes <= Int(Int32.max) else {
            throw ShardsError.invalidMaxLineBytes(maxLineBytes)
        }
        self.file = file
        self.fields = fields
        self.maxLineBytes = maxLineBytes
        hashing = HashingSource(try SequentialFile(path: file.url.path))
        source = try DecompressingSource(upstream: hashing, name: file.url.path)
        framer = LineFramer(source: source, maxLineBytes: maxLineBytes)
        extractor = JSONFieldExtractor(paths: fields.paths)
    }

    public var compression: Compression { source.compression }
    /// Raw file bytes read so far (for progress).
    public var compressedBytesRead: Int64 { source.compressedBytesRead }
    /// Decompressed bytes produced so far.
    public var decompressedBytesRead: Int64 { source.decompressedBytesRead }

    /// Size and XXH3-64 of the raw (compressed) file; complete once `next()` has returned nil.
    public var inputChecksum: (size: Int64, xxh3: UInt64) { (hashing.hasher.count, hashing.hasher.digest) }

    /// A line framed but not yet returned: `next(before:)` stopped at it. Its bytes stay valid
    /// until the framer is asked for the next line.
    private var held: FramedLine?

    /// The next record whose line number (0-based) is below `limit`, or nil at the end of the shard
    /// or at the first line at or past `limit`, which the next call returns.
    public func next(before limit: Int64) throws -> Record? {
        while let framed = try nextLine() {
            if Self.number(of: framed) >= limit {
                held = framed
                return nil
            }
            switch framed {
            case .tooLong(let offset, let length, let number):
                let locator = Locator(
                    shard: file.relativePath,
                    line: number,
                    offset: offset,
                    length: Int32(clamping: length)
                )
                return .bad(
                    BadRecord(
                        locator: locator,
                        id: nil,
                        reason: "line is longer than \(maxLineBytes) bytes (--max-line-bytes)"
                    )
                )
            case .line(let bytes, let offset, let number):
                if Self.isBlank(bytes) {
                    blankLines += 1
                    continue
                }
                let locator = Locator(
                    shard: file.relativePath,
                    line: number,
                    offset: offset,
                    length: Int32(bytes.count)
                )
                switch RecordFields(extractor.extract(bytes), fields: fields) {
                case .fields(let id, let text, let source):
                    let id = id ?? "\(file.relativePath):\(number)"
                    return .document(Document(locator: locator, id: id, text: text, source: source))
                case .failure(let reason, let id):
                    return .bad(BadRecord(locator: locator, id: id, reason: reason))
                }
            }
        }
        return nil
    }

    /// Passes over the lines before `line` (0-based) without parsing them. False when the shard ends first.
    public func skip(toLine line: Int64) throws -> Bool {
        while let framed = try nextLine() {
            if Self.number(of: framed) >= line {
                held = framed
                return true
            }
        }
        return false
    }

    /// Whether the shard has no more lines.
    public func isAtEnd() throws -> Bool {
        if held != nil { return false }
        held = try framer.next()
        return held == nil
    }

    private func nextLine() throws -> FramedLine? {
        if let line = held {
            held = nil
            return line
        }
        return try framer.next()
    }

    private static func number(of line: FramedLine) -> Int64 {
        switch line {
        case .line(_, _, let number), .tooLong(_, _, let number): number
        }
    }

    /// Empty or only JSON whitespace; a record line almost always starts with `{`, which settles it at once.
    private static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        for byte in line where byte != 0x20 && byte != 0x09 && byte != 0x0D {
            return false
        }
        return true
    }
}
