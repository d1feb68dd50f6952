import Criteria
import Foundation
import Testing

@testable import HeuristicRating

/// Bad data files are refused with an error that names the file (and line); the data hash follows
/// the data.
@Suite("Heuristic rater data files")
struct HeuristicDataTests {
    /// A copy of the repository's criteria folder in a temporary directory, edited by `edit`.
    func copyOfCriteria(_ edit: (URL) throws -> Void) throws -> URL {
        let source = HeuristicFixtures.criteria.directory
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("criteria-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source.resolvingSymlinksInPath(), to: target)
        try edit(target.appendingPathComponent("heuristic"))
        return target
    }

    func error(_ edit: @escaping (URL) throws -> Void) throws -> String {
        let folder = try copyOfCriteria(edit)
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try HeuristicRater(criteria: try CriteriaSet.load(from: folder))
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test("an unknown domain letter names the file and line")
    func badDomainLetter() throws {
        let message = try error { dir in
            let url = dir.appendingPathComponent("domains.tsv")
            try (String(contentsOf: url, encoding: .utf8) + "Z\t2\tspaceship\n").write(
                to: url,
                atomically: true,
                encoding: .utf8
            )
        }
        #expect(message.contains("domains.tsv line"))
        #expect(message.contains("unknown domain letter 'Z'"))
    }

    @Test("an unknown signal in scoring.json is named")
    func badSignal() throws {
        let message = try error { dir in
            let url = dir.appendingPathComponent("scoring.json")
            let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(
                of: "\"near_miss_rate\"",
                with: "\"near_miss_rat\""
            )
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(message.contains("scoring.json"))
        #expect(message.contains("unknown signal 'near_miss_rat'"))
    }

    @Test("cut points out of order are refused")
    func badCuts() throws {
        let message = try error { dir in
            let url = dir.appendingPathComponent("scoring.json")
            var json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
            var criteria = json["criteria"] as! [String: Any]
            var originality = criteria["originality"] as! [String: Any]
            var parts = originality["parts"] as! [[String: Any]]
            parts[0]["cuts"] = [0.2, 0.1, 0.3, 0.4]
            originality["parts"] = parts
            criteria["originality"] = originality
            json["criteria"] = criteria
            try JSONSerialization.data(withJSONObject: json).write(to: url)
        }
        #expect(message.contains("criteria.originality.parts[0].cuts must be 4 strictly increasing numbers"))
    }

    @Test("a missing data file is named")
    func missingFile() throws {
        let message = try error { dir in
            try FileManager.default.removeItem(at: dir.appendingPathComponent("stopwords.tsv"))
        }
        #expect(message.contains("stopwords.tsv"))
    }

    @Test("the data hash changes with the data")
    func hashFollowsData() throws {
        let folder = try copyOfCriteria { dir in
            let url = dir.appendingPathComponent("markers.tsv")
            try (String(contentsOf: url, encoding: .utf8) + "boilerplate\tjoin our mailing list\n").write(
                to: url,
                atomically: true,
                encoding: .utf8
            )
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let edited = try HeuristicRater(criteria: try CriteriaSet.load(from: folder))
        #expect(edited.descriptor.promptHash != HeuristicFixtures.rater.descriptor.promptHash)
    }
}
