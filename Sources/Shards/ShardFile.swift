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

    public var format: ShardFormat { ShardFormat(name: url.lastPathComponent) }

    /// A reader of its records in the shard's format.
    public func records(fields: FieldPaths, maxLineBytes: Int = 1 << 30) throws -> any RecordReader {
        switch format {
        case .jsonl: try ShardReader(file: self, fields: fields, maxLineBytes: maxLineBytes)
        case .parquet: try ParquetShardReader(file: self, fields: fields)
        }
    }
}

/// How a shard holds its records, told by its name: a `.parquet` file holds one per row; every other shard is
/// JSON lines, plain or compressed (the codec is told by the bytes).
public enum ShardFormat: Sendable, Hashable {
    case jsonl
    case parquet

    public init(name: String) {
        self = name.lowercased().hasSuffix(ShardListing.parquetSuffix) ? .parquet : .jsonl
    }
}
