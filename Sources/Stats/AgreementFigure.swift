import Foundation

/// The figures reported for one agreement table, in report order: the terminal's columns and the
/// JSON's keys come from this one list.
public enum AgreementFigure: String, CaseIterable, Sendable {
    case accuracy
    case majorityBaseline = "majority_baseline"
    case withinOne = "within_one"
    case binaryAccuracy = "binary_accuracy"
    case macroF1 = "macro_f1"
    case pearson, spearman

    public func value(_ table: AgreementTable) -> Double? {
        switch self {
        case .accuracy: table.accuracy
        case .majorityBaseline: table.majorityBaseline
        case .withinOne: table.withinOne
        // Rating 3 is class 2: below 3 against 3 and above.
        case .binaryAccuracy: table.binaryAccuracy(threshold: 2)
        case .macroF1: table.macroF1
        case .pearson: table.pearson
        case .spearman: table.spearman
        }
    }

    /// Whether the figure means anything for unordered classes (the domain).
    public var appliesToDomain: Bool { self == .accuracy || self == .majorityBaseline || self == .macroF1 }

    /// A share of documents (shown as a percentage) rather than a coefficient.
    var isShare: Bool { self != .macroF1 && self != .pearson && self != .spearman }

    /// Shares as percentages, F1 and correlations as two decimals, a dash where undefined: the
    /// terminal table and the HTML report print the same text.
    func formatted(_ value: Double?) -> String {
        guard let value else { return NumberFormat.dash }
        return isShare ? String(format: "%.1f%%", value * 100) : String(format: "%.2f", value)
    }

    var heading: String {
        switch self {
        case .accuracy: "exact"
        case .majorityBaseline: "majority"
        case .withinOne: "±1"
        case .binaryAccuracy: "binary"
        case .macroF1: "macro-F1"
        case .pearson: "Pearson"
        case .spearman: "Spearman"
        }
    }
}
