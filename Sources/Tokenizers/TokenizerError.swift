/// Why a tokenizer could not be loaded. Every case names the file (or the name asked for) so the message
/// alone says where to look.
public enum TokenizerError: Error, Equatable, CustomStringConvertible {
    /// No file at the path, and no shipped tokenizer by that name.
    case notFound(file: String, detail: String)
    /// The file exists but could not be read.
    case unreadable(file: String, detail: String)
    /// The file was read but is not what its format requires (with the byte offset or line where known).
    case malformed(file: String, detail: String)
    /// A well-formed file that asks for something these tokenizers do not implement.
    case unsupported(file: String, detail: String)

    public var description: String {
        switch self {
        case let .notFound(file, detail): return "tokenizer \(file): not found: \(detail)"
        case let .unreadable(file, detail): return "tokenizer \(file): unreadable: \(detail)"
        case let .malformed(file, detail): return "tokenizer \(file): malformed: \(detail)"
        case let .unsupported(file, detail): return "tokenizer \(file): unsupported: \(detail)"
        }
    }
}
