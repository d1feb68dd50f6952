import Foundation

/// Token counts written the way people write them: `30B`, `500M`, `1.5e9`, `2_000_000`, `750k`.
/// Suffixes K, M, B (or G) and T are powers of 1000, case-insensitive. The value is computed in
/// integers, so `1.1B` is exactly 1,100,000,000; a count that is not a whole number is refused.
public enum TokenBudget {
    public static func parse(_ text: String, option: String = "--budget") throws -> Int64 {
        let bytes = Array(text.utf8)
        func fail(_ why: String) -> SamplingError {
            SamplingError.invalidOption("\(option) '\(text)': \(why); write it like 30B, 500M, 1.5e9 or 2000000")
        }
        var i = 0
        var digits: [UInt8] = []
        var fractionDigits = 0
        var sawPoint = false
        while i < bytes.count {
            let byte = bytes[i]
            if byte >= 0x30 && byte <= 0x39 {
                digits.append(byte - 0x30)
                if sawPoint { fractionDigits += 1 }
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else if byte == UInt8(ascii: "_") || byte == UInt8(ascii: ",") {
                // digit group separators
            } else {
                break
            }
            i += 1
        }
        guard !digits.isEmpty else { throw fail("no digits") }
        var exponent = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var negative = false
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                negative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            let start = i
            while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39, i - start < 4 {
                exponent = exponent * 10 + Int(bytes[i] - 0x30)
                i += 1
            }
            guard i > start else { throw fail("the exponent has no digits") }
            if negative { exponent = -exponent }
        }
        if i < bytes.count {
            let suffixes: [UInt8: Int] = [
                UInt8(ascii: "k"): 3, UInt8(ascii: "m"): 6, UInt8(ascii: "b"): 9, UInt8(ascii: "g"): 9,
                UInt8(ascii: "t"): 12,
            ]
            let lower = bytes[i] | 0x20
            guard let power = suffixes[lower] else {
                throw fail("'\(String(decoding: bytes[i...], as: UTF8.self))' is not a suffix (K, M, B, T)")
            }
            exponent += power
            i += 1
        }
        guard i == bytes.count else {
            throw fail("unexpected '\(String(decoding: bytes[i...], as: UTF8.self))' at the end")
        }

        // value = digits × 10^(exponent − fractionDigits), exactly.
        var scale = exponent - fractionDigits
        var significant = digits
        while scale < 0 {
            guard let last = significant.last else { break }
            guard last == 0 else { throw fail("that is not a whole number of tokens") }
            significant.removeLast()
            scale += 1
        }
        var value: Int64 = 0
        for digit in significant + [UInt8](repeating: 0, count: max(scale, 0)) {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int64(digit))
            guard !overflow1, !overflow2 else { throw fail("too large") }
            value = sum
        }
        guard value > 0 else { throw fail("a budget must be at least 1 token") }
        return value
    }

    /// `30.0B`-style rendering for reports: three significant decimals and a suffix.
    public static func format(_ tokens: Int64) -> String {
        let magnitude = Double(tokens)
        for (limit, suffix) in [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")] where abs(magnitude) >= limit {
            return String(format: "%.3g", magnitude / limit) + suffix
        }
        return String(tokens)
    }
}
