import Codecs
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Finds the shards under the inputs a run was given.
public enum ShardListing {
    /// Plain JSONL names, each of which may also carry one compression suffix.
    static let baseSuffixes = [".jsonl", ".json", ".ndjson"]
    static let compressionSuffixes = [""] + Compression.allCases.flatMap(\.nameSuffixes)
    /// Parquet files are shards too: one record per row.
    static let parquetSuffix = ".parquet"
    static var suffixDescription: String {
        let names = compressionSuffixes.dropFirst()
        return ".jsonl, .json or .ndjson, optionally followed by " + names.dropLast().joined(separator: ", ") + " or "
            + names.last! + "; or .parquet"
    }

    /// Whether a file name has a shard suffix (case-insensitive). A JSONL shard's compression is detected from its
    /// bytes.
    public static func isShardName(_ name: String) -> Bool {
        let lower = name.lowercased()
        if lower.hasSuffix(parquetSuffix) && lower.count > parquetSuffix.count { return true }
        for base in baseSuffixes {
            for compression in compressionSuffixes
            where lower.hasSuffix(base + compression) && lower.count > (base + compression).count {
                return true
            }
        }
        return false
    }

    /// The shards under `inputs`, sorted by relative path. A folder is walked recursively, following symbolic links
    /// and skipping hidden entries (names starting with `.`) and files without a shard suffix; a file input must
    /// have a shard suffix itself. Files under `excluded` are left out: annotate's output folder, whose Parquet
    /// files are not shards even when it lies inside an input folder.
    public static func list(_ inputs: [URL], excluding excluded: URL? = nil) throws -> [ShardFile] {
        var shards: [ShardFile] = []
        for input in inputs {
            let url = input.standardizedFileURL
            var info = stat()
            guard stat(url.path, &info) == 0 else {
                var link = stat()
                throw lstat(url.path, &link) == 0
                    ? ShardsError.brokenLink(url.path) : ShardsError.missingInput(url.path)
            }
            if info.st_mode & S_IFMT == S_IFDIR {
                var walk = FolderWalk(rootName: url.lastPathComponent)
                try walk.visit(folder: url, relative: "", identity: FileIdentity(info))
                shards += walk.found
            } else {
                guard isShardName(url.lastPathComponent) else { throw ShardsError.notAShard(url.path) }
                shards.append(
                    ShardFile(
                        url: url,
                        relativePath: url.lastPathComponent,
                        rootName: url.deletingLastPathComponent().lastPathComponent
                    )
                )
            }
        }
        if let excluded {
            let prefix = excluded.standardizedFileURL.path + "/"
            shards.removeAll { $0.url.standardizedFileURL.path.hasPrefix(prefix) }
        }
        shards.sort { $0.relativePath.utf8.lexicographicallyPrecedes($1.relativePath.utf8) }
        for (previous, next) in zip(shards, shards.dropFirst()) where previous.relativePath == next.relativePath {
            throw ShardsError.duplicateRelativePath(next.relativePath, first: previous.url.path, second: next.url.path)
        }
        return shards
    }
}

/// A file's device and inode: recognises a folder reached again through a symbolic link.
struct FileIdentity: Hashable {
    var device: UInt64
    var inode: UInt64

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

/// One folder input's recursive walk.
private struct FolderWalk {
    let rootName: String
    var found: [ShardFile] = []
    /// Folders on the current path, so a link back to one of them is not followed forever.
    var ancestors: Set<FileIdentity> = []

    init(rootName: String) {
        self.rootName = rootName
    }

    mutating func visit(folder: URL, relative: String, identity: FileIdentity) throws {
        guard ancestors.insert(identity).inserted else { return }
        defer { ancestors.remove(identity) }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw ShardsError.unreadableFolder(folder.path, reason: (error as NSError).localizedDescription)
        }
        for name in names where !name.hasPrefix(".") {
            let url = folder.appendingPathComponent(name)
            let path = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard stat(url.path, &info) == 0 else {
                // A dangling link that looks like a shard is data the user expects to be read.
                if ShardListing.isShardName(name) { throw ShardsError.brokenLink(url.path) }
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                try visit(folder: url, relative: path, identity: FileIdentity(info))
            case S_IFREG where ShardListing.isShardName(name):
                found.append(ShardFile(url: url, relativePath: path, rootName: rootName))
            default:
                continue
            }
        }
    }
}
