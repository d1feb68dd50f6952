import Foundation
import SplitMix
import Stats
import Testing

@testable import DistilledRater

@Suite struct TrainingTests {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dataman-train-\(UUID().uuidString)")

    /// Rows with errors are skipped and counted, the split follows id_hash, the teacher comes
    /// from the provenance.
    @Test func readsTheTeachersAnnotations() async throws {
        let fixture = try await TeacherFixture.fixture.value
        let set = fixture.set
        #expect(set.training.count + set.holdout.count + set.errorRows + set.unratedRows == 2121)
        #expect(set.unratedRows == 0)
        #expect(set.teacher.kind == "heuristic")
        #expect(set.hash.count == 16)
        let share = Double(set.holdout.count) / Double(set.training.count + set.holdout.count)
        #expect(share > 0.15 && share < 0.25, "holdout share \(share)")
        #expect(set.holdout.allSatisfy { TrainingSet.isHeldOut(idHash: $0.idHash, seed: 7, fraction: 0.2) })
        #expect(!set.training.contains { TrainingSet.isHeldOut(idHash: $0.idHash, seed: 7, fraction: 0.2) })
    }

    /// A student of the heuristic agrees with it on held-out documents far above the majority
    /// baseline; one trained on the same documents with their labels shuffled does not.
    @Test func learnsTheTeacherButNotShuffledLabels() async throws {
        let fixture = try await TeacherFixture.fixture.value
        let set = fixture.set
        let model = ModelTrainer.train(set.training, settings: TeacherFixture.settings, options: TeacherFixture.options)
        let learned = HoldoutEvaluation.agreement(model, on: set.holdout)

        var shuffled = set.training
        var labels = shuffled.map(\.labels)
        var generator = SplitMix64Generator(state: 99)
        labels.shuffle(using: &generator)
        for index in shuffled.indices { shuffled[index].labels = labels[index] }
        let noise = ModelTrainer.train(shuffled, settings: TeacherFixture.settings, options: TeacherFixture.options)
        let chance = HoldoutEvaluation.agreement(noise, on: set.holdout)

        let baseline = learned.mean(\.majorityBaseline) ?? 1
        let domainBaseline = learned.domain.majorityBaseline ?? 1
        let learnedExact = learned.mean(\.accuracy) ?? 0
        let chanceExact = chance.mean(\.accuracy) ?? 1
        let learnedDomain = learned.domain.accuracy ?? 0
        let chanceDomain = chance.domain.accuracy ?? 1
        print(
            String(
                format:
                    "holdout %d: exact %.3f (shuffled %.3f, majority %.3f); domain %.3f (shuffled %.3f, majority %.3f); Spearman %.3f (shuffled %.3f)",
                set.holdout.count,
                learnedExact,
                chanceExact,
                baseline,
                learnedDomain,
                chanceDomain,
                domainBaseline,
                learned.mean(\.spearman) ?? 0,
                chance.mean(\.spearman) ?? 0
            )
        )
        #expect(learnedDomain > domainBaseline + 0.25)
        #expect(learnedExact > baseline + 0.05)
        #expect((learned.mean(\.spearman) ?? 0) > 0.4)
        #expect(chanceDomain < domainBaseline + 0.05)
        #expect(chanceExact < baseline + 0.02)
        #expect(abs(chance.mean(\.spearman) ?? 0) < 0.15)
    }

    /// Same seed, any thread count: the same file bytes; read back, the same model and predictions.
    @Test func trainingIsReproducibleAndTheFileRoundTrips() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let fixture = try await TeacherFixture.fixture.value
        let documents = Array(fixture.set.training.prefix(600))
        var options = TeacherFixture.options
        options.epochs = 2
        options.threads = 1
        let one = ModelTrainer.train(documents, settings: TeacherFixture.settings, options: options)
        options.threads = 3
        let three = ModelTrainer.train(documents, settings: TeacherFixture.settings, options: options)
        let header = TeacherFixture.header(fixture)
        let first = scratch.appendingPathComponent("one.dmm")
        let second = scratch.appendingPathComponent("three.dmm")
        let hash = try ModelFile.write(one, header: header, to: first)
        try ModelFile.write(three, header: header, to: second)
        #expect(try Data(contentsOf: first) == Data(contentsOf: second))

        let read = try ModelFile.read(first)
        #expect(read.hash == hash)
        #expect(read.header.teacher == fixture.set.teacher)
        #expect(read.header.training.hash == fixture.set.hash)
        // The file holds exactly the trained model as quantized in memory: nothing else is lost in a reload.
        let quantized = try QuantizedWeights.model(from: QuantizedWeights(one).bytes, header: read.header, path: "")
        #expect(read.model == quantized)
        let texts = ["A short note about the weather.", "fn main() { println!(\"hi\"); }", "", "数学 定理 证明"]
        for text in texts { #expect(read.model.predict(text) == quantized.predict(text)) }
        // Quantized to int8, the file's model still predicts like the trained one.
        let trained = HoldoutEvaluation.agreement(one, on: fixture.set.holdout)
        let stored = HoldoutEvaluation.agreement(read.model, on: fixture.set.holdout)
        #expect(abs((trained.mean(\.accuracy) ?? 0) - (stored.mean(\.accuracy) ?? 0)) < 0.02)
    }
}
