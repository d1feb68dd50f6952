import Foundation
import SplitMix

@testable import Parquet

/// A folder under the system temporary folder, removed by `remove()`.
struct TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("parquet-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Writes `groups` (one `[ColumnValues]` per row group) and commits.
@discardableResult
func writeFile(
    _ url: URL,
    columns: [ParquetColumn],
    groups: [[ColumnValues]],
    metadata: [(key: String, value: String)] = [],
    compression: ParquetCompression = .zstd(level: 3),
    limits: PageLimits = PageLimits()
) throws -> ParquetWriter {
    let writer = try ParquetWriter(
        destination: url,
        columns: columns,
        metadata: metadata,
        compression: compression,
        createdBy: "dataman tests",
        pageLimits: limits
    )
    for group in groups { try writer.write(rowGroup: group) }
    try writer.commit()
    return writer
}

/// Concatenates the row groups' values of column `index`.
func concatenated(_ groups: [[ColumnValues]], column index: Int) -> ColumnValues {
    var result = groups[0][index]
    for group in groups.dropFirst() {
        switch (result, group[index]) {
        case (.int8(let a), .int8(let b)): result = .int8(a + b)
        case (.int32(let a), .int32(let b)): result = .int32(a + b)
        case (.int64(let a), .int64(let b)): result = .int64(a + b)
        case (.string(let a), .string(let b)): result = .string(a + b)
        default: fatalError("test data mixes types in one column")
        }
    }
    return result
}

/// The annotation schema the Pipeline writes, with deterministic content.
enum AnnotationFixture {
    static let ratingNames = [
        "accuracy", "coherence", "language_consistency", "semantic_density", "knowledge_novelty", "topic_focus",
        "creativity", "professionalism", "style_consistency", "grammatical_diversity",
        "structural_standardization", "originality", "sensitivity", "overall_score",
    ]
    static let domains = [
        "Medicine", "Finance", "Law", "Education", "Technology", "Entertainment", "Mathematics", "Coding",
        "Government", "Culture", "Transportation", "Retail E-commerce", "Telecommunication", "Agriculture", "Other",
    ]
    static let sources = ["c4", "wikipedia", "arxiv", "github", "books"]

    static let columns: [ParquetColumn] =
        [
            ParquetColumn(name: "doc_id", type: .string),
            ParquetColumn(name: "id_hash", type: .int64),
            ParquetColumn(name: "line", type: .int64),
            ParquetColumn(name: "offset", type: .int64),
            ParquetColumn(name: "length", type: .int32),
            ParquetColumn(name: "source", type: .string, dictionary: true),
            ParquetColumn(name: "tokens", type: .int32),
        ]
        + ratingNames.map { ParquetColumn(name: $0, type: .int8, nullable: true, dictionary: true) }
        + [
            ParquetColumn(name: "domain", type: .string, nullable: true, dictionary: true),
            ParquetColumn(name: "error", type: .string, nullable: true),
        ]

    /// Rows `range` of a synthetic shard: every 50th document failed (no ratings, no domain,
    /// an error message); the first rows carry Int64 extremes and non-ASCII ids.
    static func rowGroup(_ range: Range<Int>, seed: UInt64 = 1) -> [ColumnValues] {
        var random = SplitMix64Generator(state: seed &+ UInt64(range.lowerBound))
        var docIDs: [String?] = []
        var hashes: [Int64?] = []
        var lines: [Int64?] = []
        var offsets: [Int64?] = []
        var lengths: [Int32?] = []
        var sources: [String?] = []
        var tokens: [Int32?] = []
        var ratings = [[Int8?]](repeating: [], count: ratingNames.count)
        var domainValues: [String?] = []
        var errors: [String?] = []
        var offset: Int64 = Int64(range.lowerBound) * 2_000
        for row in range {
            let failed = row % 50 == 7
            docIDs.append(row % 13 == 0 ? "doc-ü-\(row)-日本" : "doc-\(row)")
            hashes.append(row == 0 ? Int64.min : row == 1 ? Int64.max : Int64(bitPattern: random.next()))
            lines.append(Int64(row))
            offsets.append(offset)
            let length = Int32(100 + random.below(3_800))
            lengths.append(length)
            offset += Int64(length) + 1
            sources.append(sourceName(row))
            tokens.append(length / 4)
            for k in ratings.indices { ratings[k].append(failed ? nil : Int8(1 + random.below(5))) }
            domainValues.append(failed ? nil : domains[random.below(domains.count)])
            errors.append(failed ? "rater timeout after 3 attempts (row \(row))" : nil)
        }
        return [
            .string(docIDs), .int64(hashes), .int64(lines), .int64(offsets), .int32(lengths),
            .string(sources), .int32(tokens),
        ]
            + ratings.map { .int8($0) }
            + [.string(domainValues), .string(errors)]
    }

    private static func sourceName(_ row: Int) -> String { Self.sources[(row / 100) % sources.count] }
}

/// The footer and the page headers of one column chunk, walked independently of the reader.
struct ChunkLayout {
    struct Page {
        let offset: Int
        let headerSize: Int
        let header: PageHeader
    }

    let footer: FileMetaData
    let meta: ColumnMetaData
    let pages: [Page]
    /// Offset just past the last page walked.
    let end: Int

    init(url: URL, column: Int, rowGroup: Int) throws {
        let bytes = [UInt8](try Data(contentsOf: url))
        let n = bytes.count
        let footerLength =
            Int(bytes[n - 8]) | Int(bytes[n - 7]) << 8 | Int(bytes[n - 6]) << 16 | Int(bytes[n - 5]) << 24
        footer = try FileMetaData.decode(Array(bytes[(n - 8 - footerLength)..<(n - 8)]))
        meta = footer.rowGroups[rowGroup].columns[column].metaData!
        var position = Int(meta.dictionaryPageOffset ?? meta.dataPageOffset)
        let chunkEnd = position + Int(meta.totalCompressedSize)
        var pages: [Page] = []
        while position < chunkEnd {
            var reader = ThriftCompactReader(bytes: bytes, position: position)
            let header = try PageHeader.decode(&reader)
            pages.append(Page(offset: position, headerSize: reader.position - position, header: header))
            position = reader.position + Int(header.compressedPageSize)
        }
        self.pages = pages
        end = position
    }
}

/// Runs a command with stdout and stderr merged into one pipe, read to the end before
/// waiting so that a chatty child cannot block on a full pipe.
func runCommand(_ arguments: [String]) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}
