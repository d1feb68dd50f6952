/// A compressed stream that could not be decoded, with where it went wrong.
public struct CodecError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The input ended inside a frame (or gzip member).
        case truncated
        /// The codec rejected the bytes (bad header, checksum mismatch, invalid block, ...).
        case corrupt
        /// A one-shot decode produced a different number of bytes than the caller said to expect.
        case sizeMismatch
        /// The file's name says `compression`, but its first bytes are of no known format: corrupt.
        case notTheNamedFormat
    }

    public var kind: Kind
    public var compression: Compression
    /// The file (or other stream name) being decoded; empty for in-memory buffers.
    public var file: String
    /// Offset in the compressed input where the failure was detected.
    public var offset: Int64
    /// The codec library's own explanation, when it gave one.
    public var detail: String

    public init(kind: Kind, compression: Compression, file: String, offset: Int64, detail: String = "") {
        self.kind = kind
        self.compression = compression
        self.file = file
        self.offset = offset
        self.detail = detail
    }

    public var description: String {
        let what =
            switch kind {
            case .truncated: "unexpected end of \(compression) stream at byte \(offset)"
            case .corrupt: "corrupt \(compression) stream at byte \(offset)"
            case .sizeMismatch: "\(compression) data does not decode to the expected size"
            case .notTheNamedFormat: "named \(compression.fileSuffix) but its first bytes are not \(compression) data"
            }
        let prefix = file.isEmpty ? "" : "\(file): "
        return detail.isEmpty ? prefix + what : "\(prefix)\(what) (\(detail))"
    }
}
