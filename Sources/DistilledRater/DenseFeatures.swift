import CXXHash
import Foundation

/// Cheap statistics of the whole text in one pass over its bytes: the signals a window of hashed
/// n-grams cannot see (length, line structure, repetition) or sees only weakly (character classes).
/// Raw values; the model standardizes them with the training set's means and deviations.
enum DenseFeatures {
    static let names = [
        "log_bytes", "log_lines", "log_mean_line_bytes", "log_longest_line_bytes", "terminated_lines",
        "short_lines", "repeated_lines", "non_ascii", "digits", "uppercase", "punctuation", "whitespace",
    ]
    static let count = names.count

    /// The class of each byte, so the pass over a text costs one table load a byte.
    private enum ByteClass: UInt8 {
        case newline, whitespace, digit, upper, lower, nonASCII, punctuation
    }

    private static let classes: [ByteClass] = (0...255).map { value in
        switch UInt8(value) {
        case 0x0A: .newline
        case 0x20, 0x09, 0x0D: .whitespace
        case 0x30...0x39: .digit
        case 0x41...0x5A: .upper
        case 0x61...0x7A: .lower
        case 0x80...: .nonASCII
        default: .punctuation
        }
    }

    /// ASCII sentence ends; other scripts show in the non-ASCII share instead.
    private static let terminators: [Bool] = (0...255).map { ".!?:;\"')".utf8.contains(UInt8($0)) }

    static func measure(_ text: UnsafeRawBufferPointer) -> [Float] {
        var lines = 0
        var terminated = 0
        var short = 0
        var longest = 0
        var repeated = 0
        var seen = Set<UInt64>()
        var counts = [Int](repeating: 0, count: 7)
        var lineStart = 0
        var lastVisible: UInt8 = 0
        func endLine(_ end: Int) {
            let length = end - lineStart
            guard length > 0, lastVisible != 0 else { return }
            lines += 1
            longest = max(longest, length)
            if length < 30 { short += 1 }
            if terminators[Int(lastVisible)] { terminated += 1 }
            let hash = XXH3_64bits(text.baseAddress! + lineStart, length)
            if !seen.insert(hash).inserted { repeated += 1 }
        }
        classes.withUnsafeBufferPointer { classes in
            counts.withUnsafeMutableBufferPointer { counts in
                for index in 0..<text.count {
                    let byte = text[index]
                    let byteClass = classes[Int(byte)]
                    counts[Int(byteClass.rawValue)] += 1
                    if byteClass == .newline {
                        endLine(index)
                        lineStart = index + 1
                        lastVisible = 0
                    } else if byte > 0x20 {
                        lastVisible = byte
                    }
                }
            }
        }
        endLine(text.count)
        func tally(_ byteClass: ByteClass) -> Int { counts[Int(byteClass.rawValue)] }
        let whitespace = tally(.newline) + tally(.whitespace)
        let letters = tally(.upper) + tally(.lower)
        let bytes = Float(max(text.count, 1))
        let lineCount = Float(max(lines, 1))
        return [
            log1p(Float(text.count)), log1p(Float(lines)), log1p(Float(text.count) / lineCount), log1p(Float(longest)),
            Float(terminated) / lineCount, Float(short) / lineCount, Float(repeated) / lineCount,
            Float(tally(.nonASCII)) / bytes, Float(tally(.digit)) / bytes,
            Float(tally(.upper)) / Float(max(letters, 1)),
            Float(tally(.punctuation)) / bytes, Float(whitespace) / bytes,
        ]
    }
}
