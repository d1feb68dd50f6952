import Foundation

/// The `compare --json` document: the coverage counts, a `domain` object and one object per
/// criterion with its figures (undefined ones null), the domain's confusion table and the means
/// over the criteria. Keys are snake_case.
public struct AgreementJSON: Encodable, Sendable {
    public static let format = "dataman-compare/1"

    let report: AgreementReport
    let reference: String
    let candidate: String
    let domains: [String]

    /// `reference` and `candidate` say what was compared (paths, raters); `domains` name the rows
    /// and columns of the confusion table.
    public init(_ report: AgreementReport, reference: String, candidate: String, domains: [String]) {
        self.report = report
        self.reference = reference
        self.candidate = candidate
        self.domains = domains
    }

    public static func encoded(_ json: AgreementJSON) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(json)
    }

    private enum Keys: String, CodingKey {
        case format, reference, candidate, documents, domain, criteria, mean
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(Self.format, forKey: .format)
        try container.encode(reference, forKey: .reference)
        try container.encode(candidate, forKey: .candidate)
        try container.encode(
            [
                "compared": report.compared, "only_in_reference": report.onlyInReference,
                "only_in_candidate": report.onlyInCandidate, "unrated_in_reference": report.unratedInReference,
                "unrated_in_candidate": report.unratedInCandidate, "duplicate_rows": report.duplicateRows,
            ],
            forKey: .documents
        )
        try container.encode(FiguresJSON(report.domain, labels: domains), forKey: .domain)
        try container.encode(
            Dictionary(uniqueKeysWithValues: zip(RatingScale.criteria, report.criteria.map { FiguresJSON($0) })),
            forKey: .criteria
        )
        try container.encode(MeanJSON(report), forKey: .mean)
    }
}

private enum FigureKeys: String, CodingKey {
    case documents, accuracy
    case withinOne = "within_one"
    case binaryAccuracy = "binary_accuracy"
    case majorityBaseline = "majority_baseline"
    case macroF1 = "macro_f1"
    case pearson, spearman, labels, confusion
}

/// One table's figures; the domain's carry its labels and confusion table instead of the
/// ordinal figures.
private struct FiguresJSON: Encodable {
    let table: AgreementTable
    let labels: [String]?

    init(_ table: AgreementTable, labels: [String]? = nil) {
        self.table = table
        self.labels = labels
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FigureKeys.self)
        try container.encode(table.total, forKey: .documents)
        try container.encode(table.accuracy, forKey: .accuracy)
        try container.encode(table.majorityBaseline, forKey: .majorityBaseline)
        try container.encode(table.macroF1, forKey: .macroF1)
        if let labels {
            try container.encode(labels, forKey: .labels)
            let rows = (0..<table.classes).map {
                Array(table.counts[($0 * table.classes)..<(($0 + 1) * table.classes)])
            }
            try container.encode(rows, forKey: .confusion)
        } else {
            try container.encode(table.withinOne, forKey: .withinOne)
            try container.encode(table.binaryAccuracy(threshold: 2), forKey: .binaryAccuracy)
            try container.encode(table.pearson, forKey: .pearson)
            try container.encode(table.spearman, forKey: .spearman)
        }
    }
}

private struct MeanJSON: Encodable {
    let report: AgreementReport

    init(_ report: AgreementReport) {
        self.report = report
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FigureKeys.self)
        try container.encode(report.mean(\.accuracy), forKey: .accuracy)
        try container.encode(report.mean(\.majorityBaseline), forKey: .majorityBaseline)
        try container.encode(report.mean(\.withinOne), forKey: .withinOne)
        try container.encode(report.mean { $0.binaryAccuracy(threshold: 2) }, forKey: .binaryAccuracy)
        try container.encode(report.mean(\.macroF1), forKey: .macroF1)
        try container.encode(report.mean(\.pearson), forKey: .pearson)
        try container.encode(report.mean(\.spearman), forKey: .spearman)
    }
}
