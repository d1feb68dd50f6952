import Annotations
import FileIO
import Foundation
import Parquet

/// A node's part of a multi-node selection. Every node plans from the same merged histograms, so
/// all agree on budgets and cuts; each writes the rows above the cuts of its own annotation files
/// to `selection.parquet` and its undecided boundary rows to `boundary.parquet`. `resolve` then
/// orders the boundary rows of all parts together, which only the union of the parts can do.
public enum SelectionPart {
    static let boundaryName = "boundary.parquet"
    static let resolvedName = "boundary-selection.parquet"
    static let metadataKey = "dataman.sample.part"

    static let columns = [
        ParquetColumn(name: "doc_id", type: .string), ParquetColumn(name: "id_hash", type: .int64),
        ParquetColumn(name: "shard", type: .string, dictionary: true), ParquetColumn(name: "line", type: .int64),
        ParquetColumn(name: "offset", type: .int64), ParquetColumn(name: "length", type: .int32),
        ParquetColumn(name: "tokens", type: .int32), ParquetColumn(name: "source", type: .string, dictionary: true),
        ParquetColumn(name: "domain", type: .string, nullable: true, dictionary: true),
        ParquetColumn(name: "stratum", type: .int32), ParquetColumn(name: "score", type: .int32, nullable: true),
        ParquetColumn(name: "key", type: .int64), ParquetColumn(name: "bits", type: .int64),
        ParquetColumn(name: "ratings", type: .int64),
    ]

    /// The plan and outcome of one stratum on one node.
    struct PartStratum: Codable {
        var key: StratumKey
        var fullEpochs: Int
        var partialBudget: Int64
        var outcome: StratumOutcome
    }

    struct PartMetadata: Codable {
        var report: SampleReport
        var strata: [PartStratum]
        /// The annotations' provenance (criteria, tokenizer, rater), for the resolved selection's footer.
        var provenance: [String: String]?
    }

    /// Writes `boundary.parquet`: the boundary rows, and in its metadata the part's report and plans.
    static func write(
        _ boundary: [StratumKey: [BoundaryRow]],
        _ strata: [PartStratum],
        _ report: SampleReport,
        provenance: [String: String],
        to url: URL
    ) throws {
        let index = Dictionary(uniqueKeysWithValues: strata.enumerated().map { ($0.element.key, Int32($0.offset)) })
        let rows = strata.flatMap { stratum in (boundary[stratum.key] ?? []).map { (index[stratum.key]!, $0) } }
        let json = String(
            decoding: try JSONEncoder().encode(PartMetadata(report: report, strata: strata, provenance: provenance)),
            as: UTF8.self
        )
        let writer = try ParquetWriter(
            destination: url,
            columns: columns,
            metadata: [(key: metadataKey, value: json)],
            createdBy: "dataman sample"
        )
        do {
            try writer.write(rowGroup: [
                .string(rows.map(\.1.row.docID)), .int64(rows.map(\.1.row.idHash)), .string(rows.map(\.1.row.shard)),
                .int64(rows.map(\.1.row.line)), .int64(rows.map(\.1.row.offset)), .int32(rows.map(\.1.row.length)),
                .int32(rows.map(\.1.row.tokens)), .string(rows.map(\.1.row.source)), .string(rows.map(\.1.row.domain)),
                .int32(rows.map(\.0)), .int32(rows.map { $0.1.row.score.map { Int32($0) } }),
                .int64(rows.map { Int64(bitPattern: $0.1.row.key) }), .int64(rows.map { Int64(bitPattern: $0.1.bits) }),
                .int64(rows.map { Int64(bitPattern: $0.1.row.ratings.bits) }),
            ])
            try writer.commit()
        } catch {
            writer.abandon()
            throw error
        }
    }

    static func read(_ url: URL) throws -> (PartMetadata, [StratumKey: [BoundaryRow]]) {
        func fail(_ why: String) -> SamplingError { SamplingError.unusablePart("\(url.path): \(why)") }
        let reader: ParquetReader
        do { reader = try ParquetReader(url: url) } catch { throw fail("\(error)") }
        guard let json = reader.metadata.first(where: { $0.key == metadataKey })?.value,
            let metadata = try? JSONDecoder().decode(PartMetadata.self, from: Data(json.utf8))
        else { throw fail("not the boundary file of a selection part (no readable '\(metadataKey)' metadata)") }
        func column(_ name: String) throws -> ColumnValues {
            do { return try reader.read(column: name) } catch { throw fail("\(error)") }
        }
        guard case .string(let ids) = try column("doc_id"), case .int64(let hashes) = try column("id_hash"),
            case .string(let shards) = try column("shard"), case .int64(let lines) = try column("line"),
            case .int64(let offsets) = try column("offset"), case .int32(let lengths) = try column("length"),
            case .int32(let tokens) = try column("tokens"), case .string(let sources) = try column("source"),
            case .string(let domains) = try column("domain"), case .int32(let strata) = try column("stratum"),
            case .int32(let scores) = try column("score"), case .int64(let keys) = try column("key"),
            case .int64(let bits) = try column("bits"), case .int64(let ratings) = try column("ratings")
        else { throw fail("unexpected column types") }
        var boundary: [StratumKey: [BoundaryRow]] = [:]
        for row in ids.indices {
            guard let stratum = strata[row].map(Int.init), metadata.strata.indices.contains(stratum),
                let id = ids[row], let hash = hashes[row], let shard = shards[row], let line = lines[row],
                let offset = offsets[row], let length = lengths[row], let count = tokens[row],
                let source = sources[row],
                let key = keys[row], let bit = bits[row], let packed = ratings[row]
            else { throw fail("row \(row) is incomplete") }
            let stratumKey = metadata.strata[stratum].key
            boundary[stratumKey, default: []].append(
                BoundaryRow(
                    row: SelectedRow(
                        docID: id,
                        idHash: hash,
                        shard: shard,
                        line: line,
                        offset: offset,
                        length: length,
                        tokens: count,
                        source: source,
                        domain: domains[row],
                        stratum: stratumKey.description,
                        score: scores[row].map(Int.init),
                        key: UInt64(bitPattern: key),
                        ratings: PackedRatings(bits: UInt64(bitPattern: packed))
                    ),
                    bits: UInt64(bitPattern: bit)
                )
            )
        }
        return (metadata, boundary)
    }

    /// Adds up the parts written by `Sampler.runPart` (folders holding `boundary.parquet`), decides
    /// their boundary rows together, and writes `boundary-selection.parquet` and the whole
    /// selection's `report.json` into `output`. The selection is then every part's
    /// `selection.parquet` plus `boundary-selection.parquet`.
    /// `budget`, when given, must be the budget the parts were planned for.
    public static func resolve(parts: [URL], output: URL, budget: Int64? = nil) throws -> SampleReport {
        guard !parts.isEmpty else { throw SamplingError.invalidOption("merging needs the output folders of the parts") }
        var plans: [StratumKey: PartStratum] = [:]
        var outcomes: [StratumKey: StratumOutcome] = [:]
        var boundary: [StratumKey: [BoundaryRow]] = [:]
        var template: SampleReport?
        var files = 0
        var provenance: [String: String] = [:]
        for part in parts {
            let url = part.appendingPathComponent(boundaryName)
            let (metadata, rows) = try read(url)
            if let template,
                template.budget != metadata.report.budget || template.method != metadata.report.method
                    || template.seed != metadata.report.seed || template.rows != metadata.report.rows
                    || template.rounding != metadata.report.rounding
            {
                throw SamplingError.unusablePart(
                    "\(url.path): this part was planned with other options or histograms than \(parts[0].path)"
                )
            }
            if let budget, budget != metadata.report.budget {
                throw SamplingError.unusablePart(
                    "\(url.path): this part was planned for a budget of \(TokenBudget.format(metadata.report.budget)) tokens, not the \(TokenBudget.format(budget)) given; give every step the same --budget"
                )
            }
            template = template ?? metadata.report
            if provenance.isEmpty { provenance = metadata.provenance ?? [:] }
            files += metadata.report.files
            for stratum in metadata.strata {
                if let known = plans[stratum.key],
                    known.fullEpochs != stratum.fullEpochs || known.partialBudget != stratum.partialBudget
                {
                    throw SamplingError.unusablePart(
                        "\(url.path): stratum \(stratum.key) has another plan than in the other parts; plan every part from the same histograms"
                    )
                }
                plans[stratum.key] = plans[stratum.key] ?? stratum
                outcomes[stratum.key, default: StratumOutcome()].merge(stratum.outcome)
            }
            for (key, list) in rows { boundary[key, default: []] += list }
        }
        let rows = SelectionPass.resolve(
            boundary,
            outcomes: &outcomes,
            strata: plans.keys,
            rounding: template!.rounding
        ) {
            (plans[$0]!.fullEpochs, plans[$0]!.partialBudget)
        }
        let writer = try SelectionFileWriter(
            destination: output.appendingPathComponent(resolvedName),
            metadata: [(key: "dataman.sample.parts", value: String(parts.count))]
                + provenance.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
        )
        do {
            try writer.write(rows)
            try writer.commit(boundaryRows: Int64(rows.count))
        } catch {
            writer.abandon()
            throw error
        }
        var report = template!
        report.partial = false
        report.files = files
        report.strata = report.strata.map { stratum in
            var stratum = stratum
            let key = StratumKey(source: stratum.source, domain: stratum.domain)
            stratum.settle(outcomes[key] ?? StratumOutcome(), rounding: report.rounding, maxEpochs: report.maxEpochs)
            return stratum
        }
        report.recomputeTotals()
        report.warnings = report.warnings.filter { !Sampler.isShortfallWarning($0) } + Sampler.shortfallWarnings(report)
        try AtomicFileWriter.write(try report.json(), to: output.appendingPathComponent("report.json"))
        return report
    }
}

extension Sampler {
    /// This node's part of a selection planned from `histogram` (the merge of every node's
    /// histogram file): writes `selection.parquet` (the rows decided here), `boundary.parquet`
    /// and a partial `report.json` into `output`.
    public func runPart(histogram: PoolHistogram, output: URL) async throws -> SampleReport {
        let plan = try self.plan(histogram)
        let writer = try SelectionFileWriter(
            destination: output.appendingPathComponent("selection.parquet"),
            metadata: metadata
        )
        let result: SelectionPass.Result
        do {
            result = try await SelectionPass.run(annotations.files, configuration, plan, sink: writer)
            try writer.commit()
        } catch {
            writer.abandon()
            throw error
        }
        var report = report(plan, result.outcomes)
        // A part's shortfall means nothing until the parts are added up.
        report.partial = true
        report.strata = report.strata.map {
            var stratum = $0
            stratum.shortfallTokens = 0
            return stratum
        }
        report.recomputeTotals()
        report.warnings.removeAll { Sampler.isShortfallWarning($0) }
        let strata = plan.strata.keys.sorted().map { key in
            SelectionPart.PartStratum(
                key: key,
                fullEpochs: plan.strata[key]!.fullEpochs,
                partialBudget: plan.strata[key]!.partialBudget,
                outcome: result.outcomes[key] ?? StratumOutcome()
            )
        }
        try SelectionPart.write(
            result.boundary,
            strata,
            report,
            provenance: provenance,
            to: output.appendingPathComponent(SelectionPart.boundaryName)
        )
        try AtomicFileWriter.write(try report.json(), to: output.appendingPathComponent("report.json"))
        return report
    }
}
