import Foundation

/// The achieved mixture against its target, per stratum and in total (terminal and `report.json`).
public struct SampleReport: Codable, Sendable {
    public struct Stratum: Codable, Sendable {
        public var stratum: String
        public var source: String?
        public var domain: String?
        public var poolDocuments: Int64
        public var poolTokens: Int64
        public var targetTokens: Int64
        /// The stratum's share of the budget before short strata gave theirs to the others (equal
        /// to the target under `--rounding reference`).
        public var shareTokens: Int64
        public var selectedTokens: Int64
        /// `selectedTokens - targetTokens`: the crossing document's overshoot, less the surplus
        /// carried in from the strata before under `--rounding exact`.
        public var deviationTokens: Int64
        /// Distinct documents selected.
        public var selectedDocuments: Int64
        /// Selection rows, counting every repeat of a document.
        public var selectedRows: Int64
        /// The most times a document was taken.
        public var epochs: Int
        /// Mean `--by` score of the selected rows (repeats counted), nil when none has one.
        public var meanScore: Double?
        /// Tokens the stratum's pool (times --max-epochs) is too small to give: under `--rounding
        /// reference` what it selected short of its target; under `exact` what its share exceeds
        /// its capacity, which the other strata took.
        public var shortfallTokens: Int64

        /// Sets the selected figures and those that follow from them.
        mutating func settle(_ outcome: StratumOutcome, rounding: BudgetRounding, maxEpochs: Int) {
            selectedTokens = outcome.tokens
            selectedDocuments = outcome.documents
            selectedRows = outcome.rows
            meanScore = outcome.scoredRows > 0 ? Double(outcome.scoreSum) / Double(outcome.scoredRows) : nil
            deviationTokens = outcome.tokens - targetTokens
            switch rounding {
            case .reference: shortfallTokens = max(0, targetTokens - outcome.tokens)
            case .exact: shortfallTokens = max(0, shareTokens - poolTokens * Int64(maxEpochs))
            }
        }
    }

    public var budget: Int64
    public var method: String
    public var by: String
    public var filter: String?
    public var stratify: String
    public var domainWeights: String?
    public var maxEpochs: Int
    public var rounding: BudgetRounding
    public var seed: UInt64
    public var dryRun: Bool

    public var files: Int
    public var rows: Int64
    public var errorRows: Int64
    public var filteredRows: Int64
    public var unratedRows: Int64
    public var poolDocuments: Int64
    public var poolTokens: Int64
    public var scoreMean: Double
    public var scoreDeviation: Double

    public var targetTokens: Int64
    public var selectedTokens: Int64
    public var selectedDocuments: Int64
    public var selectedRows: Int64
    public var shortfallTokens: Int64
    /// `selectedTokens - budget`, and as a percentage of the budget.
    public var deviationTokens: Int64 = 0
    public var deviationPercent: Double = 0
    public var strata: [Stratum]
    public var warnings: [String]
    /// Set on a node's part of a multi-node selection: its strata count only the rows decided on
    /// this node; `dataman sample merge` adds the parts and the boundary rows up.
    public var partial: Bool = false
    /// Rows of the selection decided at the cut (written last, by stratum then key order).
    public var boundaryRows: Int64 = 0

    /// Adds up the strata into the totals.
    mutating func recomputeTotals() {
        poolDocuments = strata.reduce(0) { $0 + $1.poolDocuments }
        poolTokens = strata.reduce(0) { $0 + $1.poolTokens }
        targetTokens = strata.reduce(0) { $0 + $1.targetTokens }
        selectedTokens = strata.reduce(0) { $0 + $1.selectedTokens }
        selectedDocuments = strata.reduce(0) { $0 + $1.selectedDocuments }
        selectedRows = strata.reduce(0) { $0 + $1.selectedRows }
        shortfallTokens = strata.reduce(0) { $0 + $1.shortfallTokens }
        deviationTokens = selectedTokens - budget
        deviationPercent = budget > 0 ? 100 * Double(deviationTokens) / Double(budget) : 0
    }

    public func json() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return Array(try encoder.encode(self)) + [0x0A]
    }

    /// A table for the terminal.
    public var text: String {
        var lines: [String] = []
        // A uniform order does not use the score; it is only averaged in the table.
        let rule = (method == "uniform" ? "(mean of \(by) shown)" : "by \(by)") + (filter.map { ", where \($0)" } ?? "")
        lines.append(
            "\(dryRun ? "dry run: " : "")\(partial ? "this node's part (boundary rows undecided): " : "")\(method) \(rule), strata \(stratify), seed \(seed), budget \(TokenBudget.format(budget)) tokens"
        )
        lines.append(
            "pool: \(poolDocuments) documents, \(TokenBudget.format(poolTokens)) tokens of \(rows) rows in \(files) files"
                + " (left out: \(errorRows) with errors, \(filteredRows) by the filter, \(unratedRows) unrated)"
        )
        let header = [
            "stratum", "pool tokens", "target", "selected", "deviation", "docs", "epochs", "mean score", "shortfall",
        ]
        var table = [header]
        func signed(_ tokens: Int64) -> String { tokens > 0 ? "+\(tokens)" : String(tokens) }
        for stratum in strata {
            table.append([
                stratum.stratum, TokenBudget.format(stratum.poolTokens), String(stratum.targetTokens),
                String(stratum.selectedTokens), signed(stratum.deviationTokens),
                String(stratum.selectedDocuments), String(stratum.epochs),
                stratum.meanScore.map { String(format: "%.2f", $0) } ?? "-",
                stratum.shortfallTokens > 0 ? String(stratum.shortfallTokens) : "",
            ])
        }
        table.append([
            "total", TokenBudget.format(poolTokens), String(targetTokens), String(selectedTokens),
            signed(selectedTokens - targetTokens), String(selectedDocuments),
            "", "", shortfallTokens > 0 ? String(shortfallTokens) : "",
        ])
        let widths = header.indices.map { column in table.map { $0[column].count }.max()! }
        for (index, row) in table.enumerated() {
            let cells = row.enumerated().map { column, cell in
                column == 0
                    ? cell.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }
            lines.append(cells.joined(separator: "  "))
            if index == 0 || index == table.count - 2 {
                lines.append(String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1)))
            }
        }
        lines.append(
            "budget \(budget) tokens, selected \(selectedTokens): deviation \(signed(deviationTokens)) tokens ("
                + String(format: "%+.3f", deviationPercent) + "%), rounding \(rounding.rawValue)"
        )
        lines += warnings.map { "warning: \($0)" }
        return lines.joined(separator: "\n")
    }
}
