import DistilledRater
import Testing

@Suite struct LabelOverridesTests {
    static let domains = [
        "Medicine", "Finance", "Law", "Education", "Technology", "Entertainment", "Mathematics", "Coding",
        "Government", "Culture", "Transportation", "Retail E-commerce", "Telecommunication", "Agriculture", "Other",
    ]
    let teacher = HeadClasses(domain: 4, scores: Array(repeating: 4, count: 14))!

    @Test func namedLabelsReplaceTheTeachersAndTheRestStay() throws {
        let overrides = try LabelOverrides(parsing: "domain=C, coherence=1,overall_score=2", domains: Self.domains)
        let labels = overrides.applied(to: teacher)
        #expect(labels.domain == 2)
        #expect(labels.scores == [4, 1] + Array(repeating: 4, count: 11) + [2])
        let byName = try LabelOverrides(parsing: "domain=Retail E-commerce", domains: Self.domains)
        #expect(byName.applied(to: teacher).domain == 11)
        #expect(byName.applied(to: teacher).scores == teacher.scores)
    }

    @Test(arguments: [
        ("domain=Z", "domain=Z: not a letter A-O or a domain name"),
        ("coherence=6", "coherence=6: a rating is 1 to 5"),
        ("coherence=x", "coherence=x: a rating is 1 to 5"),
        ("fluency=3", "'fluency' is neither domain nor a rating column"),
        ("domain", "'domain' is not NAME=VALUE"),
    ])
    func badLabelsAreNamed(field: String, detail: String) {
        #expect(throws: LabelOverrideError.self) { try LabelOverrides(parsing: field, domains: Self.domains) }
        do {
            _ = try LabelOverrides(parsing: field, domains: Self.domains)
        } catch {
            #expect(error.detail == detail)
        }
    }
}
