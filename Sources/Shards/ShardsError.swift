/// Problems with what the user asked for: field paths, inputs, limits.
public enum ShardsError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidFieldPath(String)
    case missingInput(String)
    case notAShard(String)
    case brokenLink(String)
    case unreadableFolder(String, reason: String)
    case duplicateRelativePath(String, first: String, second: String)
    case invalidMaxLineBytes(Int)

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
        }
    }
}
