import Foundation

/// Colours for the report's charts, as CSS hex strings, interpolated between fixed stops.
enum ColorScale {
    private typealias RGB = (Double, Double, Double)

    /// Rating 1 … 5, red through yellow to green; the colour of each rating everywhere in the report.
    static func rating(_ value: Double) -> String {
        interpolate(
            [(0xd7, 0x30, 0x27), (0xfc, 0x8d, 0x59), (0xfe, 0xe0, 0x8b), (0x91, 0xcf, 0x60), (0x1a, 0x98, 0x50)],
            at: (value - 1) / 4
        )
    }

    /// A correlation -1 … 1: red, white at 0, blue.
    static func correlation(_ value: Double) -> String {
        interpolate(
            [(0xb2, 0x18, 0x2b), (0xf4, 0xa5, 0x82), (0xf7, 0xf7, 0xf7), (0x92, 0xc5, 0xde), (0x21, 0x66, 0xac)],
            at: (value + 1) / 2
        )
    }

    /// A share 0 … 1 (of a confusion table's largest cell): white through blue.
    static func share(_ value: Double) -> String {
        interpolate([(0xf7, 0xfb, 0xff), (0x9e, 0xca, 0xe1), (0x21, 0x66, 0xac)], at: value)
    }

    /// Black or white, whichever reads better on `background` (a "#rrggbb" string).
    static func text(on background: String) -> String {
        let digits = Array(background.dropFirst())
        guard digits.count == 6 else { return "#000" }
        func channel(_ index: Int) -> Double { Double(Int(String(digits[index..<(index + 2)]), radix: 16) ?? 0) / 255 }
        let luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
        return luminance < 0.45 ? "#fff" : "#111"
    }

    private static func interpolate(_ stops: [RGB], at position: Double) -> String {
        let t = position.isFinite ? max(0, min(1, position)) : 0
        let scaled = t * Double(stops.count - 1)
        let index = min(Int(scaled), stops.count - 2)
        let f = scaled - Double(index)
        let a = stops[index]
        let b = stops[index + 1]
        func mix(_ x: Double, _ y: Double) -> Int { Int((x + (y - x) * f).rounded()) }
        return String(format: "#%02x%02x%02x", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }
}
