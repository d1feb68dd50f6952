import HTTPRating
import Rating
import Testing

@Suite struct DataManRaterOutputParserTests {
    let allRating = DataManOutputParser(kind: .allRating)

    @Test func acceptsFifteenLines() throws {
        let result = allRating.parse("E\n4\n5\n5\n4\n3\n5\n2\n4\n5\n4\n4\n5\n5\n4")
        #expect(result == .success(.ratings(Ratings(scores: [4, 5, 5, 4, 3, 5, 2, 4, 5, 4, 4, 5, 5, 4], domain: 4))))
    }

    @Test(arguments: [
        "E\n4\n5\n5\n4\n3\n5\n2\n4\n5\n4\n4\n5\n5",  // 14 lines
        "E\n4\n5\n5\n4\n3\n5\n2\n4\n5\n4\n4\n5\n5\n4\n4",  // 16 lines
        "P\n4\n5\n5\n4\n3\n5\n2\n4\n5\n4\n4\n5\n5\n4",  // letter past O
        "e\n4\n5\n5\n4\n3\n5\n2\n4\n5\n4\n4\n5\n5\n4",  // lower case
        "E\n4\n5\n5\n4\n3\n5\n2\n4\n5\n4\n4\n5\n5\n6",  // rating 6
        "E\n0\n5\n5\n4\n3\n5\n2\n4\n5\n4\n4\n5\n5\n4",  // rating 0
        "E\n4\n5\n5\n4\n3\n5\n2\n4\n5\n4\n4\n5\n5\n45",  // two digits
        "E\n4\n5\n5\n 4\n3\n5\n2\n4\n5\n4\n4\n5\n5\n4",  // a space inside
        "", "The text is fine.",
    ])
    func rejectsAnythingElse(_ output: String) {
        guard case .failure = allRating.parse(output) else {
            Issue.record("accepted \(output.debugDescription)")
            return
        }
    }

    @Test func singleAnswers() {
        let score = DataManOutputParser(kind: .scoreOnly)
        #expect(score.parse("3") == .success(.score(3)))
        #expect(score.parse("6").isFailure)
        #expect(score.parse("33").isFailure)
        let domain = DataManOutputParser(kind: .domainOnly)
        #expect(domain.parse("O") == .success(.domain(14)))
        #expect(domain.parse("Q").isFailure)
    }

    static func superAnswer(_ scores: [String], domain: String = "Domain: [E]Technology") -> String {
        let lines = scores.enumerated().map { "[\($0.offset + 1)]Criterion: reasoning here. \($0.element)/5" }
        return (["Let's think step by step.", domain] + lines).joined(separator: "\n")
    }

    @Test func superRaterRoundsDownBelowThreeAndUpFromThree() throws {
        let scores = ["2.5", "3.5", "3", "1", "5", "4.2", "2.9", "1.5", "3.0", "4", "4", "4", "4", "4"]
        let result = DataManOutputParser(kind: .superRater).parse(Self.superAnswer(scores))
        #expect(result == .success(.ratings(Ratings(scores: [2, 4, 3, 1, 5, 5, 2, 1, 3, 4, 4, 4, 4, 4], domain: 4))))
        // Found by fuzzing: Windows line ends made the whole answer one line.
        let crlf = Self.superAnswer(scores).replacingOccurrences(of: "\n", with: "\r\n")
        #expect(DataManOutputParser(kind: .superRater).parse(crlf) == result)
    }

    @Test func superRaterRejectsMissingScoresNAAndAmbiguousDomains() {
        let parser = DataManOutputParser(kind: .superRater)
        let full = Array(repeating: "4", count: 14)
        #expect(parser.parse(Self.superAnswer(Array(full.prefix(13)))).isFailure)
        var withNA = full
        withNA[5] = "N/A"
        #expect(parser.parse(Self.superAnswer(withNA)).isFailure)
        #expect(parser.parse(Self.superAnswer(full, domain: "Domain: [E]Technology or [H]Coding")).isFailure)
        #expect(parser.parse(Self.superAnswer(full, domain: "Domain: unclear")).isFailure)
        #expect(parser.parse(Self.superAnswer(["0.5"] + full.dropFirst())).isFailure)
    }
}

extension Result {
    var isFailure: Bool { if case .failure = self { true } else { false } }
}
