import Annotations
import Foundation
import Parquet
import Sampling
import Shards
import SplitMix

/// One annotation row as the tests write it.
struct FixtureRow {
    var docID: String
    var idHash: Int64
    var line: Int64
    var tokens: Int32
    var source: String
    var domain: String?
    /// The 14 ratings, nil for an unrated row.
    var ratings: [Int8]?
    var error: String?
    /// Where the line is in its shard; made up from the line number when nil.
    var offset: Int64? = nil
    var length: Int32? = nil
}

extension SplitMix64Generator {
    /// Picks an index with the given relative weights.
    mutating func weighted(_ weights: [Int]) -> Int {
        var pick = below(weights.reduce(0, +))
        for (index, weight) in weights.enumerated() {
            if pick < weight { return index }
            pick -= weight
        }
        return weights.count - 1
    }
}

/// Writes annotation files with the schema `dataman annotate` writes, for the sampler to read.
enum AnnotationFixture {
    static let sources = ["CommonCrawl", "C4", "GitHub", "ArXiv", "Wikipedia"]
    static let domains = ["Medicine", "Finance", "Law", "Education", "Technology", "Coding", "Other"]

    static var columns: [ParquetColumn] {
        [
            ParquetColumn(name: "doc_id", type: .string), ParquetColumn(name: "id_hash", type: .int64),
            ParquetColumn(name: "line", type: .int64), ParquetColumn(name: "offset", type: .int64),
            ParquetColumn(name: "length", type: .int32), ParquetColumn(name: "source", type: .string, dictionary: true),
            ParquetColumn(name: "tokens", type: .int32),
        ] + AnnotationColumns.ratings.map { ParquetColumn(name: $0, type: .int8, nullable: true, dictionary: true) } + [
            ParquetColumn(name: "domain", type: .string, nullable: true, dictionary: true),
            ParquetColumn(name: "error", type: .string, nullable: true),
        ]
    }

    /// Realistic rows of one shard: skewed sources and domains, ratings concentrated at 3-5 and
    /// correlated with overall_score, heavy-tailed token counts, a few error rows, unrated rows,
    /// zero-token rows and ids repeated from other shards.
    static func rows(shard: Int, count: Int, seed: UInt64) -> [FixtureRow] {
        var random = SplitMix64Generator(state: seed &+ UInt64(shard) &* 7919)
        var rows: [FixtureRow] = []
        for line in 0..<count {
            // Now and then a document that another shard also has (same id, hence same id_hash).
            let id = random.below(50) == 0 ? "dup-\(random.below(40))" : "s\(shard)-d\(line)"
            let overall = Int8(1 + random.weighted([3, 8, 20, 40, 29]))
            var ratings = (0..<13).map { _ in Int8(max(1, min(5, Int(overall) + random.below(3) - 1))) }
            ratings.append(overall)
            let roll = random.below(100)
            let tokens: Int32 = roll < 2 ? 0 : Int32(20 + random.below(300) + (roll > 90 ? random.below(5000) : 0))
            rows.append(
                FixtureRow(
                    docID: id,
                    idHash: Int64(bitPattern: xxh3_64(id)),
                    line: Int64(line),
                    tokens: tokens,
                    source: sources[random.weighted([50, 25, 10, 8, 7])],
                    domain: random.below(60) == 0 ? nil : domains[random.weighted([10, 8, 5, 15, 20, 12, 30])],
                    ratings: roll == 50 ? nil : ratings,
                    error: roll == 51 ? "rating failed: timeout" : nil
                )
            )
        }
        return rows
    }

    /// Writes `rows` as an annotation file of shard `inputPath`, `rowGroupRows` rows per row group.
    static func write(
        _ rows: [FixtureRow],
        to url: URL,
        inputPath: String,
        rowGroupRows: Int = 500,
        metadata extra: [(String, String)] = []
    ) throws {
        let metadata =
            [
                (AnnotationMetadataKeys.inputPath, inputPath),
                (AnnotationMetadataKeys.criteriaVersion, "test-criteria"),
                (AnnotationMetadataKeys.tokenizer, "estimate"), (AnnotationMetadataKeys.tokenizerHash, "t1"),
                (AnnotationMetadataKeys.schemaVersion, "1"), (AnnotationMetadataKeys.raterKind, "heuristic"),
                (AnnotationMetadataKeys.idField, "id"),
            ].filter { key, _ in !extra.contains { $0.0 == key } } + extra
        let writer = try ParquetWriter(
            destination: url,
            columns: columns,
            metadata: metadata.map { (key: $0.0, value: $0.1) },
            createdBy: "fixture"
        )
        var start = 0
        repeat {
            let part = rows[start..<min(rows.count, start + rowGroupRows)]
            var values: [ColumnValues] = [
                .string(part.map(\.docID)), .int64(part.map(\.idHash)), .int64(part.map(\.line)),
                .int64(part.map { $0.offset ?? $0.line * 1000 }), .int32(part.map { $0.length ?? 999 }),
                .string(part.map(\.source)),
                .int32(part.map(\.tokens)),
            ]
            for index in AnnotationColumns.ratings.indices {
                values.append(.int8(part.map { $0.ratings?[index] }))
            }
            values.append(.string(part.map(\.domain)))
            values.append(.string(part.map(\.error)))
            try writer.write(rowGroup: values)
            start += rowGroupRows
        } while start < rows.count
        try writer.commit()
    }

    /// Deletes folders a test made.
    static func remove(_ folders: [URL]) {
        for folder in folders { try? FileManager.default.removeItem(at: folder) }
    }

    /// A fresh temporary folder.
    static func folder(_ name: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dataman-sampling-\(name)-\(UUID().uuidString)"
        )
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `files` shards of `rows` rows each under `folder`, named `shard-N.parquet`; returns the rows by shard path.
    @discardableResult
    static func corpus(in folder: URL, files: Int, rows: Int, seed: UInt64 = 1) throws -> [String: [FixtureRow]] {
        var all: [String: [FixtureRow]] = [:]
        for shard in 0..<files {
            let path = "part-\(shard).jsonl.zst"
            let shardRows = Self.rows(shard: shard, count: rows, seed: seed)
            try write(shardRows, to: folder.appendingPathComponent("shard-\(shard).parquet"), inputPath: path)
            all[path] = shardRows
        }
        return all
    }
}
