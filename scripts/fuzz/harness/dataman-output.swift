// Compiled into the HTTPRating module beside the parser. The first byte picks the prompt kind whose
// answer format the rest is read as: all_rating, score_only, domain_only or the super rater.
// Beyond "never crash", an accepted answer must be a real rating, and writing it back out must
// read back to the same value, so a parser that accepts too much or reads the wrong line fails here.
import Rating

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDataManOutput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let kinds = DataManPromptKind.allCases
    let kind = kinds[Int(data[0]) % kinds.count]
    let output = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
    let parsed = DataManOutputParser(kind: kind).parse(output)
    switch parsed {
    case .failure(let reason):
        precondition(!reason.description.isEmpty, "a rejection says why")
    case .success(let answer):
        checkAccepted(answer, kind: kind, output: output)
    }
    // Spaces and newlines around an answer never change it; only the super rater reads free text,
    // where a trailing newline is a blank line and must not matter either.
    let padded = kind == .superRater ? output + "\n" : " \r\n" + output + "\n\t "
    precondition(DataManOutputParser(kind: kind).parse(padded).answer == parsed.answer, "padding changed the answer")
    return 0
}

private func checkAccepted(_ answer: DataManAnswer, kind: DataManPromptKind, output: String) {
    let trimmed = String(decoding: DataManOutputParser.trimmed(Array(output.utf8)), as: UTF8.self)
    switch (kind, answer) {
    case (.allRating, .ratings(let ratings)), (.superRater, .ratings(let ratings)):
        precondition(ratings.scores.count == 14 && ratings.scores.allSatisfy { (1...5).contains($0) }, "14 ratings in 1-5")
        precondition((0...14).contains(ratings.domain), "domain 0-14")
        // all_rating has exactly one spelling of each answer: the accepted text is the rendering.
        if kind == .allRating { precondition(trimmed == allRatingText(ratings), "all_rating accepted a non-canonical answer") }
        for (format, text) in [(DataManPromptKind.allRating, allRatingText(ratings)), (.superRater, superRaterText(ratings))] {
            precondition(DataManOutputParser(kind: format).parse(text).answer == answer, "re-rendered as \(format) reads differently")
        }
    case (.scoreOnly, .score(let score)):
        precondition((1...5).contains(score) && trimmed == String(score), "score_only accepted \(output)")
    case (.domainOnly, .domain(let domain)):
        precondition((0...14).contains(domain) && trimmed == letter(domain), "domain_only accepted \(output)")
    default:
        preconditionFailure("\(kind) answered \(answer)")
    }
}

private func letter(_ domain: Int) -> String { String(UnicodeScalar(UInt8(ascii: "A") + UInt8(domain))) }

private func allRatingText(_ ratings: Ratings) -> String {
    ([letter(ratings.domain)] + ratings.scores.map { String($0) }).joined(separator: "\n")
}

/// The super rater's layout (reference facts §4): a `[k]` line per criterion ending in `N/5`, and the domain in brackets.
private func superRaterText(_ ratings: Ratings) -> String {
    let lines = ratings.scores.enumerated().map { "[\($0.offset + 1)] criterion: reasoning. Score: \($0.element)/5" }
    return (lines + ["Domain: [\(letter(ratings.domain))]"]).joined(separator: "\n")
}

private extension Result where Success == DataManAnswer {
    var answer: DataManAnswer? { if case .success(let answer) = self { answer } else { nil } }
}
