import Rating
import Testing

/// Pipeline reads request statistics and shuts raters down through the protocol alone, so a rater
/// that sends no requests must answer both without doing anything.
@Suite struct RaterDefaultsTests {
    @Test func aRaterWithoutRequestsHasNoStatisticsAndNothingToShutDown() async throws {
        let rater: any Rater = NoRater()
        #expect(rater.requestStatistics == nil)
        await rater.shutdown()
        #expect(try await rater.rate([RatingInput(docID: "a", text: "text")]) == [.unrated])
    }
}
