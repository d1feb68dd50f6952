import Foundation

/// How numbers read in reports. Every ratio guards its denominator, so an empty selection prints
/// dashes, never NaN or infinity.
enum NumberFormat {
    static let dash = "—"

    /// 37787 → "37,787".
    static func integer(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }

    /// Token counts at a glance: 950, 12.3K, 80.3M, 1.20B.
    static func compact(_ value: Int64) -> String {
        let magnitude = Double(value.magnitude)
        let sign = value < 0 ? "-" : ""
        switch magnitude {
        case ..<1_000: return sign + String(value.magnitude)
        case ..<1_000_000: return sign + String(format: "%.1fK", magnitude / 1e3)
        case ..<1_000_000_000: return sign + String(format: "%.1fM", magnitude / 1e6)
        case ..<1_000_000_000_000: return sign + String(format: "%.2fB", magnitude / 1e9)
        default: return sign + String(format: "%.2fT", magnitude / 1e12)
        }
    }

    /// part / whole, nil when whole is 0.
    static func fraction(_ part: Int64, of whole: Int64) -> Double? {
        whole > 0 ? Double(part) / Double(whole) : nil
    }

    /// "40.2%", or a dash when the whole is empty.
    static func percent(_ part: Int64, of whole: Int64, decimals: Int = 1) -> String {
        guard let share = fraction(part, of: whole) else { return dash }
        return String(format: "%.\(decimals)f%%", share * 100)
    }

    /// A whole-number percentage in at most four characters: "100%", " 40%", "<1%", "0%".
    static func shortPercent(_ part: Int64, of whole: Int64) -> String {
        guard let share = fraction(part, of: whole) else { return dash }
        if part == 0 { return "0%" }
        if share < 0.005 { return "<1%" }
        return String(format: "%.0f%%", share * 100)
    }

    static func mean(_ value: Double?) -> String {
        value.map { String(format: "%.2f", $0) } ?? dash
    }

    /// A correlation as a signed hundredth, "87", "-12", or a dash where undefined.
    static func hundredths(_ value: Double?) -> String {
        guard let value else { return dash }
        let rounded = Int((value * 100).rounded())
        return String(rounded)
    }

    static func correlation(_ value: Double?) -> String {
        value.map { String(format: "%.2f", $0) } ?? dash
    }

    /// "1 shard", "17 shards".
    static func counted(_ count: Int, _ noun: String) -> String {
        "\(integer(Int64(count))) \(noun)\(count == 1 ? "" : "s")"
    }
}
