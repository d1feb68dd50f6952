/// Bars drawn with Unicode block characters, at an eighth of a cell's resolution.
enum BlockBars {
    private static let horizontalEighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// A left-aligned bar of `fraction` (0...1) of `width` cells, padded with spaces to `width`.
    /// A non-zero fraction always shows at least a sliver.
    static func horizontal(_ fraction: Double, width: Int) -> String {
        let clamped = fraction.isFinite ? max(0, min(1, fraction)) : 0
        var eighths = Int((clamped * Double(width * 8)).rounded())
        if clamped > 0, eighths == 0 { eighths = 1 }
        var bar = String(repeating: "█", count: eighths / 8)
        if eighths % 8 > 0 { bar.append(horizontalEighths[eighths % 8 - 1]) }
        return bar + String(repeating: " ", count: max(0, width - bar.count))
    }
}
