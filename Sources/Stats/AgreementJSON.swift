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

private struct FigureKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// One table's figures; the domain's are those that apply to it, with its labels and confusion table.
private struct FiguresJSON: Encodable {
    let table: AgreementTable
    let labels: [String]?

    init(_ table: AgreementTable, labels: [String]? = nil) {
        self.table = table
        self.labels = labels
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FigureKey.self)
        try container.encode(table.total, forKey: FigureKey(stringValue: "documents"))
        for figure in AgreementFigure.allCases where labels == nil || figure.appliesToDomain {
            try container.encode(figure.value(table), forKey: FigureKey(stringValue: figure.rawValue))
        }
        guard let labels else { return }
        try container.encode(labels, forKey: FigureKey(stringValue: "labels"))
        let rows = (0..<table.classes).map { Array(table.counts[($0 * table.classes)..<(($0 + 1) * table.classes)]) }
        try container.encode(rows, forKey: FigureKey(stringValue: "confusion"))
    }
}

/// Each figure's mean over the 14 criteria.
private struct MeanJSON: Encodable {
    let report: AgreementReport

    init(_ report: AgreementReport) {
        self.report = report
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FigureKey.self)
        for figure in AgreementFigure.allCases {
            try container.encode(report.mean(figure.value), forKey: FigureKey(stringValue: figure.rawValue))
        }
    }
}
