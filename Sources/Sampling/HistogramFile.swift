import Annotations
import Codecs
import FileIO
import Foundation

/// The first pass's histogram as a small file, so that nodes that each read part of the
/// annotations can plan one global selection: each writes its histogram, and the merged
/// histograms give every node the same budgets and cuts.
///
/// Layout: `DMHIST1\n`, the JSON header's length and the body's raw length (UInt64, little-endian),
/// the JSON header (rule, files, counts, strata and their score classes), then one zstd frame of
/// the bucket token counts (Int64, little-endian), class by class in header order.
public enum HistogramFile {
    static let magic = Array("DMHIST1\n".utf8)

    /// What makes histograms comparable: rows kept, keys and buckets. Not the budget, weights or
    /// epochs, which only the plan uses, so one set of histograms serves any budget.
    struct Rule: Codable, Equatable {
        var method: String
        var by: String
        var filter: String
        var stratify: String
        var seed: UInt64
        var histogramBits: Int
        var criteriaVersion: String
        var tokenizer: String

        init(_ configuration: SampleConfiguration, _ annotations: AnnotationSet) {
            switch configuration.method {
            case .topK: method = "top-k"
            case .uniform: method = "uniform"
            case .temperature: method = "temperature"
            }
            by = configuration.score.description
            filter = configuration.filter?.text ?? ""
            stratify = configuration.stratification.rawValue
            seed = configuration.seed
            histogramBits = configuration.histogramBits
            criteriaVersion = annotations.files.first?.criteriaVersion ?? ""
            tokenizer = annotations.files.first?.tokenizer ?? ""
        }
    }

    struct FileRange: Codable, Hashable {
        var shard: String
        var first: Int64
        var last: Int64
    }

    struct ClassHeader: Codable {
        var scoreClass: Int
        var rows: Int64
        var tokens: Int64
    }

    struct StratumHeader: Codable {
        var source: String?
        var domain: String?
        var rows: Int64
        var tokens: Int64
        var scoredRows: Int64
        var scoreSum: Int64
        var scoreSquares: Int64
        var maxTokens: Int64
        var classes: [ClassHeader]
    }

    struct Header: Codable {
        var rule: Rule
        var files: [FileRange]
        var counts: PoolCounts
        var domainsSeen: [String]
        var sourcesSeen: [String]
        var strata: [StratumHeader]
    }

    /// Writes the histogram of `annotations` under `configuration` to `url` atomically.
    public static func write(
        _ histogram: PoolHistogram,
        configuration: SampleConfiguration,
        annotations: AnnotationSet,
        to url: URL
    ) throws {
        var strata: [StratumHeader] = []
        var body: [UInt8] = []
        for key in histogram.strata.keys.sorted() {
            let tally = histogram.strata[key]!
            var classes: [ClassHeader] = []
            for (scoreClass, classTally) in tally.classes.enumerated() {
                guard let classTally else { continue }
                classes.append(ClassHeader(scoreClass: scoreClass, rows: classTally.rows, tokens: classTally.tokens))
                for tokens in classTally.buckets { withUnsafeBytes(of: tokens.littleEndian) { body += $0 } }
            }
            strata.append(
                StratumHeader(
                    source: key.source,
                    domain: key.domain,
                    rows: tally.rows,
                    tokens: tally.tokens,
                    scoredRows: tally.scoredRows,
                    scoreSum: tally.scoreSum,
                    scoreSquares: tally.scoreSquares,
                    maxTokens: tally.maxTokens,
                    classes: classes
                )
            )
        }
        let header = Header(
            rule: Rule(configuration, annotations),
            files: annotations.files.map {
                FileRange(shard: $0.inputPath, first: $0.lines?.lowerBound ?? 0, last: $0.lines?.upperBound ?? -1)
            },
            counts: histogram.counts,
            domainsSeen: histogram.domainsSeen.sorted(),
            sourcesSeen: histogram.sourcesSeen.sorted(),
            strata: strata
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = Array(try encoder.encode(header))
        var bytes = magic
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { bytes += $0 }
        withUnsafeBytes(of: UInt64(body.count).littleEndian) { bytes += $0 }
        bytes += json
        bytes += body.withUnsafeBytes { Zstd.compress($0) }
        try AtomicFileWriter.write(bytes, to: url)
    }

    /// Reads and adds up histogram files, refusing ones made under another rule than
    /// `configuration`'s or covering the same annotation rows twice. When `local` is given, its
    /// files must be among those the histograms were made from.
    public static func merge(
        _ urls: [URL],
        configuration: SampleConfiguration,
        local: AnnotationSet?
    ) throws -> PoolHistogram {
        var merged = PoolHistogram()
        var covered: [FileRange: String] = [:]
        let expected = local.map { Rule(configuration, $0) }
        var firstRule: (Rule, String)?
        for url in urls {
            let (header, histogram) = try read(url, bucketCount: 1 << configuration.histogramBits)
            if let (rule, path) = firstRule, rule != header.rule {
                throw SamplingError.unusablePart(
                    "\(url.path): made under another rule than \(path) (\(describe(header.rule)) against \(describe(rule)))"
                )
            }
            firstRule = firstRule ?? (header.rule, url.path)
            if let expected, header.rule != expected {
                throw SamplingError.unusablePart(
                    "\(url.path): made under \(describe(header.rule)), but this call asks for \(describe(expected)); use the same options on every node"
                )
            }
            for range in header.files {
                if let other = covered[range] {
                    throw SamplingError.unusablePart(
                        "\(url.path) and \(other) both count shard '\(range.shard)' lines \(range.first)...\(range.last); give each node's histogram once"
                    )
                }
                covered[range] = url.path
            }
            merged.merge(histogram)
        }
        if let local {
            for file in local.files {
                let range = FileRange(
                    shard: file.inputPath,
                    first: file.lines?.lowerBound ?? 0,
                    last: file.lines?.upperBound ?? -1
                )
                guard covered[range] != nil else {
                    throw SamplingError.unusablePart(
                        "\(file.url.path) is not counted in any of the histograms given; make the histograms from the same annotation files"
                    )
                }
            }
        }
        return merged
    }

    static func read(_ url: URL, bucketCount: Int) throws -> (Header, PoolHistogram) {
        func fail(_ why: String) -> SamplingError { SamplingError.unusablePart("\(url.path): \(why)") }
        let bytes: [UInt8]
        do { bytes = Array(try Data(contentsOf: url)) } catch {
            throw fail("cannot read the histogram file: \(error.localizedDescription)")
        }
        guard bytes.count >= 24, Array(bytes[0..<8]) == magic else {
            throw fail("not a dataman histogram file (no DMHIST1 magic)")
        }
        func number(at offset: Int) -> Int {
            Int(
                truncatingIfNeeded: bytes[offset..<(offset + 8)].enumerated().reduce(UInt64(0)) {
                    $0 | UInt64($1.element) << (8 * $1.offset)
                }
            )
        }
        let headerLength = number(at: 8)
        let bodyLength = number(at: 16)
        guard headerLength >= 0, bodyLength >= 0, headerLength <= bytes.count - 24 else {
            throw fail("truncated header")
        }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(bytes[24..<(24 + headerLength)]))
        } catch DecodingError.keyNotFound(let key, _) {
            // Histograms from before a field was added (maxTokens) cannot plan this version's cuts.
            throw fail(
                "the header has no '\(key.stringValue)': another version of dataman wrote it; run dataman sample histogram again"
            )
        } catch {
            throw fail("damaged header: \(error)")
        }
        let classCount = header.strata.reduce(0) { $0 + $1.classes.count }
        guard header.rule.histogramBits >= 1, header.rule.histogramBits <= 16,
            1 << header.rule.histogramBits == bucketCount,
            bodyLength == classCount * bucketCount * 8
        else {
            throw fail("the bucket table does not match the header (\(classCount) classes of \(bucketCount) buckets)")
        }
        let body: [UInt8]
        do {
            body = try bytes[(24 + headerLength)...].withUnsafeBytes {
                try Zstd.decompress($0, uncompressedSize: bodyLength)
            }
        } catch {
            throw fail("damaged bucket table: \(error)")
        }
        var histogram = PoolHistogram()
        histogram.counts = header.counts
        histogram.domainsSeen = Set(header.domainsSeen)
        histogram.sourcesSeen = Set(header.sourcesSeen)
        var position = 0
        body.withUnsafeBytes { raw in
            for stratum in header.strata {
                var tally = StratumTally()
                tally.rows = stratum.rows
                tally.tokens = stratum.tokens
                tally.scoredRows = stratum.scoredRows
                tally.scoreSum = stratum.scoreSum
                tally.scoreSquares = stratum.scoreSquares
                tally.maxTokens = stratum.maxTokens
                for classHeader in stratum.classes {
                    var classTally = ClassTally(bucketCount: bucketCount)
                    classTally.rows = classHeader.rows
                    classTally.tokens = classHeader.tokens
                    for bucket in 0..<bucketCount {
                        classTally.buckets[bucket] = Int64(
                            littleEndian: raw.loadUnaligned(fromByteOffset: position, as: Int64.self)
                        )
                        position += 8
                    }
                    if classHeader.scoreClass >= tally.classes.count {
                        tally.classes += [ClassTally?](
                            repeating: nil,
                            count: classHeader.scoreClass + 1 - tally.classes.count
                        )
                    }
                    tally.classes[classHeader.scoreClass] = classTally
                }
                histogram.strata[StratumKey(source: stratum.source, domain: stratum.domain)] = tally
            }
        }
        return (header, histogram)
    }

    private static func describe(_ rule: Rule) -> String {
        "\(rule.method) by \(rule.by)\(rule.filter.isEmpty ? "" : " where \(rule.filter)"), strata \(rule.stratify), seed \(rule.seed)"
    }
}
