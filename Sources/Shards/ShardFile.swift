import Foundation

/// One input shard and where it sits under the input the user named.
public struct ShardFile: Sendable, Hashable {
    public var url: URL
    /// The path under the input folder (or the file's name for a file input), with `/` separators:
    /// annotations are written under the same path.
    public var relativePath: String
    /// The name of the input folder (or of a file input's parent folder).
    public var rootName: String

    public init(url: URL, relativePath: String, rootName: String) {
        self.url = url
        self.relativePath = relativePath
        self.rootName = rootName
    }

    /// The default `source` of its documents: the first folder of `relativePath`, or `rootName` when it has none.
    public var topFolder: String {
        guard let slash = relativePath.firstIndex(of: "/") else { return rootName }
        return String(relativePath[..<slash])
    }
}
