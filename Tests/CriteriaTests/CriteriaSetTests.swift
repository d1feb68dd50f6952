import Foundation
import Testing

@testable import Criteria

@Suite struct CriteriaSetTests {
    @Test func bundledCriteriaMatchTheReferenceOrder() throws {
        let set = try CriteriaSet.load()
        #expect(set.columns.first == "accuracy")
        #expect(set.columns.last == "overall_score")
        #expect(set.columns.count == 14)
        #expect(set.domains.map(\.name).first == "Medicine")
        #expect(set.domains[11].name == "Retail E-commerce")
        #expect(set.domainIndex(letter: "H") == 7)
        #expect(set.versionHash.count == 32)
    }

    @Test func allRatingPromptHasFifteenAnswerSlots() throws {
        let template = try CriteriaSet.load().promptTemplate("all_rating")
        let lines = template.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 17)
        #expect(lines[1] == "Text: {text}")
        #expect(lines.last == "[14]Overall Score:_/5")
    }

    /// Every file counts but the shipped model's folder: retraining `--rater builtin` must not
    /// change the criteria version of other raters' annotations.
    @Test func versionHashChangesWithAnyFileButTheBuiltinModel() throws {
        let original = try CriteriaSet.load()
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("criteria-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: original.directory, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        #expect(try CriteriaSet.load(from: copy).versionHash == original.versionHash)
        let builtin = copy.appendingPathComponent(CriteriaSet.builtinModelFolder)
        try Data("retrained".utf8).write(to: builtin.appendingPathComponent("builtin.dmm"))
        try Data("new".utf8).write(to: builtin.appendingPathComponent("another.dmm"))
        #expect(try CriteriaSet.load(from: copy).versionHash == original.versionHash)
        try Data("changed".utf8).write(to: copy.appendingPathComponent("prompts/chat_system.txt"))
        #expect(try CriteriaSet.load(from: copy).versionHash != original.versionHash)
    }

    @Test func malformedFolderIsAClearError() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("criteria-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let error = #expect(throws: CriteriaError.self) { try CriteriaSet.load(from: empty) }
        guard case .unreadable(let path, _) = error else {
            Issue.record("expected the missing criteria.json to be named, got \(String(describing: error))")
            return
        }
        #expect(path == empty.appendingPathComponent("criteria.json").path)
    }
}
