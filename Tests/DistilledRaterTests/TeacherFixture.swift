import Annotations
import Criteria
import DistilledRater
import Foundation
import HeuristicRating
import Pipeline
import Rating
import Tokenizers

let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let teacherRoot = FileManager.default.temporaryDirectory.appendingPathComponent("dataman-distill-\(UUID().uuidString)")

/// The bundled shards (2,121 documents) annotated by the heuristic rater, read once per test run
/// into a training set with a 20% holdout.
enum TeacherFixture {
    struct Fixture: Sendable {
        let criteria: CriteriaSet
        let annotations: URL
        let set: TrainingSet
    }

    /// Small enough that a debug build trains in seconds.
    static var settings: FeatureSettings {
        var settings = FeatureSettings()
        settings.bucketBits = 16
        settings.dimensions = 16
        settings.headBytes = 4096
        settings.tailBytes = 1024
        return settings
    }

    static var options: TrainingOptions {
        var options = TrainingOptions()
        options.epochs = 5
        options.seed = 7
        options.threads = 2
        return options
    }

    static let fixture = Task { try await make() }

    private static func make() async throws -> Fixture {
        atexit { try? FileManager.default.removeItem(at: teacherRoot) }
        let criteria = try CriteriaSet.load(from: repositoryRoot.appendingPathComponent("criteria"))
        let out = teacherRoot.appendingPathComponent("teacher")
        var options = AnnotateOptions(inputs: [repositoryRoot.appendingPathComponent("shards")], output: out)
        options.threads = 2
        let annotator = Annotator(
            options: options,
            rater: try HeuristicRater(criteria: criteria),
            tokenCounter: EstimatedTokenCounter(),
            criteria: criteria,
            showProgress: false
        )
        _ = try await annotator.run()
        let reader = TrainingSetReader(
            settings: settings,
            domains: criteria.domains.map(\.name),
            holdoutFraction: 0.2,
            seed: 7
        )
        let set = try reader.read(
            try AnnotationSet.open([out]),
            shardsRoot: repositoryRoot.appendingPathComponent("shards")
        )
        return Fixture(criteria: criteria, annotations: out, set: set)
    }

    static func header(_ fixture: Fixture) -> ModelHeader {
        ModelHeader(
            settings: settings,
            criteriaVersion: fixture.set.criteriaVersion,
            criteria: fixture.criteria.columns,
            domains: fixture.criteria.domains.map(\.name),
            teacher: fixture.set.teacher,
            training: TrainingSummary(set: fixture.set, holdoutFraction: 0.2, options: options)
        )
    }
}
