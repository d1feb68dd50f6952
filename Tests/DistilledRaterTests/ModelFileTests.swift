import DistilledRater
import Foundation
import Testing

@Suite struct ModelFileTests {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dataman-model-\(UUID().uuidString)")

    /// A small valid model file's bytes.
    func validBytes() async throws -> [UInt8] {
        let fixture = try await TeacherFixture.fixture.value
        var options = TeacherFixture.options
        options.epochs = 1
        let model = ModelTrainer.train(
            Array(fixture.set.training.prefix(50)),
            settings: TeacherFixture.settings,
            options: options
        )
        let url = scratch.appendingPathComponent("valid.dmm")
        try ModelFile.write(model, header: TeacherFixture.header(fixture), to: url)
        return [UInt8](try Data(contentsOf: url))
    }

    func read(_ bytes: [UInt8]) throws -> ModelFile.Contents {
        let url = scratch.appendingPathComponent("bad.dmm")
        try Data(bytes).write(to: url)
        return try ModelFile.read(url)
    }

    func error(_ bytes: [UInt8]) -> ModelFileError? {
        do {
            _ = try read(bytes)
            return nil
        } catch {
            return error as? ModelFileError
        }
    }

    @Test func truncatedFilesAreReportedAsTruncated() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let bytes = try await validBytes()
        #expect(try read(bytes).header.teacher.kind == "heuristic")
        for length in [0, 3, 8, 11, 15, 40, bytes.count / 2, bytes.count - 9, bytes.count - 1] {
            guard case .truncated(_, let size, let expected)? = error(Array(bytes.prefix(length))) else {
                Issue.record("a file cut to \(length) bytes: \(String(describing: error(Array(bytes.prefix(length)))))")
                continue
            }
            #expect(size == length && expected > length)
        }
    }

    @Test func otherFilesNewerVersionsAndDamageAreRefused() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let bytes = try await validBytes()
        let parquet = Array("PAR1".utf8) + Array(repeating: 0, count: 100)
        #expect(error(parquet) == .notAModel(path: scratch.appendingPathComponent("bad.dmm").path))
        #expect(error(Array("{\"json\": true}".utf8)).map { if case .notAModel = $0 { true } else { false } } == true)

        var newer = bytes
        newer[8] = 2
        #expect(
            error(newer)
                == .newerVersion(path: scratch.appendingPathComponent("bad.dmm").path, version: 2, supported: 1)
        )

        var flipped = bytes
        flipped[bytes.count - 20] ^= 0x40
        guard case .corrupt(_, let detail)? = error(flipped) else {
            Issue.record("a flipped byte was not reported as damage")
            return
        }
        #expect(detail.contains("checksum"))
        guard case .corrupt? = error(bytes + [0]) else {
            Issue.record("a trailing byte was not reported as damage")
            return
        }
    }

    @Test func aMissingFileIsUnreadable() {
        #expect(throws: ModelFileError.self) { try ModelFile.read(scratch.appendingPathComponent("none.dmm")) }
    }
}
