import Foundation

/// The annotation files of one call, in a canonical order that does not depend on how they were
/// given: by annotated shard, then by first line (parts of one shard), then by path.
public struct AnnotationSet: Sendable {
    public let files: [AnnotationFile]
    /// Things worth telling the user that do not stop the run (e.g. files from different raters).
    public let warnings: [String]

    public var rowCount: Int64 { files.reduce(0) { $0 + $1.rowCount } }

    /// Finds `*.parquet` files under `inputs` (folders are walked recursively; hidden entries and
    /// unfinished `*.tmp` files are skipped), opens their footers and checks that they can be combined.
    public static func open(_ inputs: [URL]) throws -> AnnotationSet {
        var urls: [URL] = []
        for input in inputs {
            urls += try AnnotationListing.files(under: input)
        }
        return try AnnotationSet(files: urls.map { try AnnotationFile(url: $0) })
    }

    /// Orders and checks files already opened.
    public init(files: [AnnotationFile]) throws {
        var seen = Set<String>()
        let unique = files.filter { seen.insert($0.url.resolvingSymlinksInPath().path).inserted }
        let ordered = unique.sorted(by: Self.canonicalOrder)
        try Self.checkOverlaps(ordered)
        try Self.checkAgreement(ordered, "criteria version") { $0.criteriaVersion }
        try Self.checkAgreement(ordered, "tokenizer") { $0.tokenizer }
        try Self.checkAgreement(ordered, "schema version") { $0.schemaVersion }
        var warnings: [String] = []
        let raters = Set(ordered.map(\.rater))
        if raters.count > 1 {
            warnings.append(
                "the annotation files come from \(raters.count) raters (\(raters.sorted().joined(separator: ", "))); their ratings are compared as if on one scale"
            )
        }
        self.files = ordered
        self.warnings = warnings
    }

    static func canonicalOrder(_ a: AnnotationFile, _ b: AnnotationFile) -> Bool {
        if a.inputPath != b.inputPath { return a.inputPath.utf8.lexicographicallyPrecedes(b.inputPath.utf8) }
        let aLine = a.lines?.lowerBound ?? -1
        let bLine = b.lines?.lowerBound ?? -1
        if aLine != bLine { return aLine < bLine }
        return a.url.path.utf8.lexicographicallyPrecedes(b.url.path.utf8)
    }

    /// Two files annotating the same lines of one shard would count those documents twice.
    /// (Selection files have no single shard and no line range, so they are not checked here.)
    private static func checkOverlaps(_ ordered: [AnnotationFile]) throws {
        for (previous, next) in zip(ordered, ordered.dropFirst())
        where previous.inputPath == next.inputPath && !next.isSelection {
            guard let a = previous.lines, let b = next.lines, a.overlaps(b) else { continue }
            let checksum = AnnotationMetadataKeys.inputChecksum
            if let one = previous.metadata[checksum], let other = next.metadata[checksum], one != other {
                throw AnnotationError.overlap(
                    file: next.url.path,
                    detail: """
                        annotates shard '\(next.inputPath)', and so does \(previous.url.path), but of other content \
                        (xxh3 \(other) against \(one)); shards from different corpora need different relative paths
                        """
                )
            }
            throw AnnotationError.overlap(
                file: next.url.path,
                detail: """
                    annotates lines \(b.lowerBound)...\(b.upperBound) of shard '\(next.inputPath)', which \(previous.url.path) \
                    also annotates (lines \(a.lowerBound)...\(a.upperBound)); give each shard's annotations once
                    """
            )
        }
    }

    /// Ratings or token counts from different criteria or tokenizers are not comparable.
    private static func checkAgreement(
        _ files: [AnnotationFile],
        _ what: String,
        _ value: (AnnotationFile) -> String
    ) throws {
        guard let first = files.first else { return }
        let expected = value(first)
        guard let other = files.first(where: { value($0) != expected }) else { return }
        throw AnnotationError.mixedProvenance(
            what: what,
            first: first.url.path,
            firstValue: expected,
            other: other.url.path,
            otherValue: value(other)
        )
    }
}

/// Walks inputs for annotation files.
enum AnnotationListing {
    static func files(under input: URL) throws -> [URL] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input.path, isDirectory: &isFolder) else {
            throw AnnotationError.noSuchInput(path: input.path)
        }
        guard isFolder.boolValue else {
            guard input.pathExtension == "parquet" else {
                throw AnnotationError.notAnnotationFile(file: input.path, reason: "the name does not end in .parquet")
            }
            return [input]
        }
        var found: [URL] = []
        var visited = Set<String>()
        try walk(input, into: &found, visited: &visited)
        guard !found.isEmpty else {
            throw AnnotationError.noAnnotationFiles(folder: input.path)
        }
        return found
    }

    private static func walk(_ folder: URL, into found: inout [URL], visited: inout Set<String>) throws {
        // A link back to a folder already on the walk would loop forever.
        guard visited.insert(folder.resolvingSymlinksInPath().path).inserted else { return }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder.path) } catch {
            throw AnnotationError.cannotList(folder: folder.path, reason: error.localizedDescription)
        }
        for name in names.sorted() where !name.hasPrefix(".") {
            let url = folder.appendingPathComponent(name)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { continue }
            if isFolder.boolValue {
                try walk(url, into: &found, visited: &visited)
            } else if name.hasSuffix(".parquet") {
                found.append(url)
            }
        }
    }
}
