import Criteria
import Rating

/// Reads a frontier model's free-form answer to the super-rater prompt (reference facts §4): the
/// `N/5` score on each `[k]` line, fractional scores rounded down below 3 and up from 3, and
/// exactly one bracketed domain letter `[A]`-`[O]`.
enum DataManSuperParser {
    static func parse(_ output: String) -> Result<DataManAnswer, DataManInvalidOutput> {
        var scores = [Int8?](repeating: nil, count: CriteriaSet.criterionCount)
        var letters = Set<Int>()
        for line in output.split(whereSeparator: \.isNewline) {
            let bytes = Array(line.utf8)
            collectDomainLetters(bytes, into: &letters)
            guard let number = criterionNumber(bytes) else { continue }
            if line.contains("N/A") {
                return .failure(.init("criterion [\(number)] is scored N/A"))
            }
            guard let value = scoreBeforeSlashFive(bytes) else { continue }
            guard let rounded = round(value) else {
                return .failure(.init("criterion [\(number)] has score \(value), outside 1-5"))
            }
            scores[number - 1] = rounded
        }
        let found = scores.compactMap { $0 }
        guard found.count == CriteriaSet.criterionCount else {
            return .failure(.init("found \(found.count) of the 14 scores in the answer"))
        }
        guard letters.count == 1, let domain = letters.first else {
            return .failure(
                .init(letters.isEmpty ? "no domain letter in the answer" : "several domain letters in the answer")
            )
        }
        return .success(.ratings(Ratings(scores: found, domain: domain)))
    }

    /// Below 3 rounds down, from 3 up: 2.5 → 2, 3.5 → 4.
    static func round(_ value: Double) -> Int8? {
        let rounded = value < 3 ? value.rounded(.down) : value.rounded(.up)
        return (1...5).contains(rounded) ? Int8(rounded) : nil
    }

    /// `[k]` at the start of the line (after spaces, `*` or `#` of markdown), k in 1-14.
    private static func criterionNumber(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count, [0x20, 0x2A, 0x23, 0x2D].contains(bytes[index]) { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
        index += 1
        var number = 0
        var digits = 0
        while index < bytes.count, (0x30...0x39).contains(bytes[index]), digits < 3 {
            number = number * 10 + Int(bytes[index] - 0x30)
            digits += 1
            index += 1
        }
        guard digits > 0, index < bytes.count, bytes[index] == UInt8(ascii: "]"),
            (1...CriteriaSet.criterionCount).contains(number)
        else { return nil }
        return number
    }

    /// The number written just before the line's last `/5`, e.g. `3.5` in `... 3.5/5`.
    private static func scoreBeforeSlashFive(_ bytes: [UInt8]) -> Double? {
        var slash = bytes.count - 2
        while slash >= 0, !(bytes[slash] == UInt8(ascii: "/") && bytes[slash + 1] == UInt8(ascii: "5")) { slash -= 1 }
        guard slash > 0 else { return nil }
        var start = slash
        while start > 0, (0x30...0x39).contains(bytes[start - 1]) || bytes[start - 1] == UInt8(ascii: ".") {
            start -= 1
        }
        guard start < slash else { return nil }
        return Double(String(decoding: bytes[start..<slash], as: UTF8.self))
    }

    /// `[X]` with X in A-O; the prompt's own domain list is not echoed by well-behaved answers, and
    /// one that echoes it shows all fifteen letters and is rejected as ambiguous.
    private static func collectDomainLetters(_ bytes: [UInt8], into letters: inout Set<Int>) {
        guard bytes.count >= 3 else { return }
        for index in 0..<(bytes.count - 2)
        where bytes[index] == UInt8(ascii: "[") && bytes[index + 2] == UInt8(ascii: "]") {
            if let domain = DataManOutputParser.domain(bytes[index + 1]) { letters.insert(domain) }
        }
    }
}
