import Testing

@testable import Annotations

/// A batch of four rows with every column a filter can read.
func sampleBatch() -> AnnotationBatch {
    var batch = AnnotationBatch(count: 4)
    batch.tokens = [10, 60, 200, 0]
    batch.source = ["c4", "arxiv.org", "c4", "GitHub"]
    batch.domain = ["Law", "Finance", nil, "Retail E-commerce"]
    batch.error = [nil, nil, nil, nil]
    for (index, _) in AnnotationColumns.ratings.enumerated() {
        batch.ratings[index] = [3, 4, nil, 5]
    }
    batch.ratings[13] = [5, 4, 2, 5]  // overall_score
    batch.ratings[0] = [1, 2, 3, 4]  // accuracy
    return batch
}

func rowsPassing(_ expression: String) throws -> [Int] {
    let mask = try RowFilter(parsing: expression).mask(sampleBatch())
    return mask.indices.filter { mask[$0] }
}

@Suite("--where expressions")
struct FilterTests {
    @Test(
        "comparisons, lists, sums and boolean structure select the right rows",
        arguments: [
            ("overall_score == 5", [0, 3]),
            ("overall_score = 5", [0, 3]),
            ("overall_score >= 4 and domain in [Law, Finance]", [0, 1]),
            ("tokens > 50", [1, 2]),
            ("tokens <= 10", [0, 3]),
            ("not overall_score == 5", [1, 2]),
            ("overall_score == 2 or tokens == 0", [2, 3]),
            ("overall_score == 5 or overall_score == 4 and tokens > 100", [0, 3]),
            ("(overall_score == 5 or overall_score == 4) and tokens > 50", [1]),
            ("source == \"c4\"", [0, 2]),
            ("source == 'arxiv.org'", [1]),
            ("source != c4", [1, 3]),
            ("domain == \"Retail E-commerce\"", [3]),
            ("domain not in [Law]", [1, 2, 3]),
            ("not domain in [Law]", [1, 2, 3]),
            ("accuracy+overall_score >= 6", [0, 1, 3]),
            ("accuracy + overall_score > 6", [3]),
            ("overall_score in [2, 4]", [1, 2]),
            ("coherence >= 3", [0, 1, 3]),
            ("NOT (overall_score == 5) AND tokens > 100", [2]),
            ("tokens > 1_0", [1, 2]),
            ("overall_score <> 5", [1, 2]),
        ]
    )
    func selects(expression: String, expected: [Int]) throws {
        #expect(try rowsPassing(expression) == expected)
    }

    @Test("the filter names the columns it reads and the values it compares text with")
    func columnsAndLiterals() throws {
        let filter = try RowFilter(parsing: "accuracy+coherence >= 8 and domain in [Law, Finance] or source == c4")
        #expect(filter.columns == ["accuracy", "coherence", "domain", "source"])
        #expect(filter.literals(of: .domain) == ["Law", "Finance"])
        #expect(filter.literals(of: .source) == ["c4"])
    }

    @Test("filters joined with all() keep rows passing every one")
    func joined() throws {
        let both = RowFilter.all([try RowFilter(parsing: "overall_score == 5"), try RowFilter(parsing: "tokens > 5")])!
        #expect(both.mask(sampleBatch()) == [true, false, false, false])
        #expect(both.text == "(overall_score == 5) and (tokens > 5)")
        #expect(RowFilter.all([]) == nil)
    }

    @Test(
        "mistakes are reported with the character they are at",
        arguments: [
            (
                "overal_score == 5", 1,
                "unknown column 'overal_score' (did you mean 'overall_score'?); the columns are the 14 ratings, tokens, domain and source"
            ),
            ("overall_score >= ", 18, "expected a number after '>='"),
            ("domain > Law", 8, "'domain' is text; compare it with == or !=, or use 'in [...]'"),
            ("tokens == abc", 11, "'tokens' is a number; 'abc' is not"),
            ("(overall_score == 5", 1, "this '(' is never closed"),
            ("overall_score == 5)", 19, "this ')' has no matching '('"),
            (
                "overall_score == 5 domain == Law", 20,
                "unexpected 'domain' after a complete condition; join conditions with 'and' or 'or'"
            ),
            ("domain in [Law,", 16, "expected a value after ','"),
            ("domain in []", 12, "the list after 'in' is empty"),
            ("domain in Law", 11, "expected '[' to start the list after 'in', found 'Law'"),
            ("source == \"c4", 11, "this string has no closing \""),
            ("overall_score == 5 & tokens > 3", 20, "unexpected character '&'"),
            ("", 1, "the expression is empty; write a condition such as 'overall_score >= 4'"),
            (
                "overall_score 5", 15,
                "expected a comparison (==, !=, <, <=, >, >=, in) after 'overall_score', found '5'"
            ),
            (
                "and tokens > 3", 1,
                "expected a column (a rating such as overall_score, or tokens, domain, source), found 'and'"
            ),
            ("accuracy+tokens > 3", 10, "only ratings can be added up; 'tokens' is not a rating"),
            ("tokens > 5x", 10, "'5x' is not a number"),
            (
                "domain == Law or", 17,
                "expected a column (a rating such as overall_score, or tokens, domain, source), found the end of the expression"
            ),
            ("domain == Läw and tokens ≥ 3", 26, "unexpected character '≥'"),
        ]
    )
    func errors(expression: String, column: Int, message: String) {
        #expect {
            try RowFilter(parsing: expression)
        } throws: { error in
            guard let error = error as? ExpressionError else { return false }
            return error.column == column && error.message == message && error.option == "--where"
        }
    }

    @Test("nesting is bounded, so a hostile expression cannot overflow the stack (found by fuzzing)")
    func nesting() throws {
        let deep = String(repeating: "(", count: 25_000) + "overall_score >= 4" + String(repeating: ")", count: 25_000)
        let error = #expect(throws: ExpressionError.self) { try RowFilter(parsing: deep) }
        #expect(error?.message.contains("nest more than 256 deep") == true)
        #expect(throws: ExpressionError.self) {
            try RowFilter(parsing: String(repeating: "not ", count: 300) + "tokens > 1")
        }
        let fine = String(repeating: "(", count: 200) + "tokens > 1" + String(repeating: ")", count: 200)
        #expect(throws: Never.self) { try RowFilter(parsing: fine) }
    }

    @Test("the error text shows the expression with a caret under the mistake")
    func caret() {
        let error = #expect(throws: ExpressionError.self) { try RowFilter(parsing: "tokens > 5 and domian == Law") }
        #expect(
            error?.description == """
                --where: unknown column 'domian' (did you mean 'domain'?); the columns are the 14 ratings, tokens, domain and source (at character 16)
                  tokens > 5 and domian == Law
                                 ^^^^^^
                """
        )
    }
}

@Suite("--by rating sums")
struct RatingSumTests {
    @Test("a rating or a sum of ratings")
    func parses() throws {
        #expect(try RatingSum(parsing: "overall_score").indices == [13])
        #expect(try RatingSum(parsing: "accuracy+coherence").indices == [0, 1])
        #expect(
            try RatingSum(parsing: "accuracy + coherence + originality").description == "accuracy+coherence+originality"
        )
    }

    @Test("sums are per row and missing when any rating is")
    func values() throws {
        #expect(try RatingSum(parsing: "accuracy+overall_score").values(sampleBatch()) == [6, 6, 5, 9])
        #expect(try RatingSum(parsing: "coherence+overall_score").values(sampleBatch()) == [8, 8, nil, 10])
    }

    @Test(
        "errors point at the bad name",
        arguments: [
            ("acuracy", 1, "'acuracy' is not a rating column (did you mean 'accuracy'?)"),
            ("accuracy+", 10, "expected a rating column such as overall_score, found the end"),
            ("accuracy coherence", 10, "expected '+' between ratings, found coherence"),
            ("tokens", 1, "'tokens' is not a rating column"),
        ]
    )
    func errors(text: String, column: Int, message: String) {
        #expect {
            try RatingSum(parsing: text)
        } throws: { error in
            guard let error = error as? ExpressionError else { return false }
            return error.column == column && error.message == message && error.option == "--by"
        }
    }
}
