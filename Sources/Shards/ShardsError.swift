/// Problems with what the user asked for: field paths, inputs, limits.
public enum ShardsError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidFieldPath(String)
    case missingInput(String)
    case notAShard(String)
    case brokenLink(String)
    case unreadableFolder(String, reason: String)
    case duplicateRelativePath(String, first: String, second: String)
    case invalidMaxLineBytes(Int)
    /// A Parquet shard without the column a field names; `available` are the columns it has.
    case missingColumn(file: String, field: String, column: String, available: [String])
    /// A Parquet column that cannot hold the field: a text or source column must hold strings, and no field can be
    /// read from inside a list or map.
    case unsuitableColumn(file: String, field: String, column: String, type: String)

    public var description: String {
        switch self {
        case .invalidFieldPath(let path):
            "invalid field path '\(path)': use dot-separated names without empty parts, like meta.source"
        case .missingInput(let path):
            "\(path): no such file or folder"
        case .notAShard(let path):
            "\(path): not a shard; expected \(ShardListing.suffixDescription)"
        case .brokenLink(let path):
            "\(path): symbolic link to nothing"
        case .unreadableFolder(let path, let reason):
            "\(path): cannot list folder: \(reason)"
        case .duplicateRelativePath(let relative, let first, let second):
            "two inputs give the same shard path '\(relative)': \(first) and \(second); their annotations would collide"
        case .invalidMaxLineBytes(let value):
            "--max-line-bytes must be between 1 and \(Int32.max), not \(value)"
        case .missingColumn(let file, let field, let column, let available):
            "\(file): no column '\(column)' for the \(field) field (--\(field)-field); its columns are "
                + available.joined(separator: ", ")
        case .unsuitableColumn(let file, let field, let column, let type):
            "\(file): column '\(column)' is \(type), which cannot hold the \(field) field"
                + (field == "id" ? " (ids are strings or integers)" : " (it must hold strings)")
        }
    }
}
