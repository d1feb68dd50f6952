import Annotations

/// Compares two annotation sets of the same documents, joined by `id_hash`: the reference (say a
/// teacher) is held in memory as one packed word per document, then the candidate is streamed
/// past it.
public enum AnnotationComparison {
    /// `domains` are the criteria's 15 domain names in index order.
    public static func compare(
        reference: AnnotationSet,
        candidate: AnnotationSet,
        domains: [String]
    ) throws -> AgreementReport {
        let domainIndex = Dictionary(domains.enumerated().map { ($1, $0) }) { first, _ in first }
        var report = AgreementReport()
        var held: [Int64: UInt64] = [:]
        try scan(reference, domainIndex) { idHash, labels in
            if held.updateValue(labels, forKey: idHash) != nil { report.duplicateRows += 1 }
        }
        var seen = Set<Int64>()
        try scan(candidate, domainIndex) { idHash, labels in
            guard seen.insert(idHash).inserted else {
                report.duplicateRows += 1
                return
            }
            guard let mine = held[idHash] else {
                report.onlyInCandidate += 1
                return
            }
            if mine == PackedLabels.unrated { report.unratedInReference += 1 }
            if labels == PackedLabels.unrated { report.unratedInCandidate += 1 }
            guard mine != PackedLabels.unrated, labels != PackedLabels.unrated else { return }
            report.add(
                referenceDomain: PackedLabels.domain(mine),
                referenceScores: PackedLabels.scores(mine),
                candidateDomain: PackedLabels.domain(labels),
                candidateScores: PackedLabels.scores(labels)
            )
        }
        report.onlyInReference = Int64(held.keys.reduce(0) { $0 + (seen.contains($1) ? 0 : 1) })
        return report
    }

    private static func scan(
        _ set: AnnotationSet,
        _ domainIndex: [String: Int],
        _ visit: (Int64, UInt64) throws -> Void
    ) throws {
        let columns = RowRating.columns.union([AnnotationColumns.idHash])
        for file in set.files {
            let reader = try AnnotationReader(file)
            for group in 0..<reader.rowGroupCount {
                let batch = try reader.batch(rowGroup: group, columns: columns)
                for row in 0..<batch.count {
                    var labels = PackedLabels.unrated
                    let rating = batch.rating(row)
                    if case .outOfRange(let column, let value) = rating {
                        throw AnnotationError.invalidValue(
                            file: file.url.path,
                            place: "row group \(group), row \(row)",
                            detail: "\(column) is \(value); ratings are 1 to 5"
                        )
                    }
                    if case .rated(let domain, let scores) = rating {
                        guard let index = domainIndex[domain] else {
                            throw AnnotationError.invalidValue(
                                file: file.url.path,
                                place: "row group \(group), row \(row)",
                                detail: "domain '\(domain)' is not one of the criteria's 15 domains"
                            )
                        }
                        labels = PackedLabels.pack(domain: index, scores: scores)
                    }
                    try visit(batch.idHash[row], labels)
                }
            }
        }
    }
}

/// A domain (4 bits) and 14 ratings (3 bits each) in one word, so millions of documents fit in
/// memory; all ones means not rated.
private enum PackedLabels {
    static let unrated = UInt64.max

    static func pack(domain: Int, scores: [Int8]) -> UInt64 {
        scores.enumerated().reduce(UInt64(domain)) { $0 | UInt64($1.element) << (4 + 3 * UInt64($1.offset)) }
    }

    static func domain(_ packed: UInt64) -> Int { Int(packed & 0xF) }

    static func scores(_ packed: UInt64) -> [Int8] {
        (0..<RatingScale.criterionCount).map { Int8(truncatingIfNeeded: packed >> (4 + 3 * UInt64($0)) & 0x7) }
    }
}
