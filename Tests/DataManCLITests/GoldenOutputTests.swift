import Crypto
import Foundation
import Testing

/// Pins what the main job writes on the bundled shards: refactors must leave every output the same.
///
/// For each Parquet file the data region (every byte before the footer) is hashed: it holds all pages of
/// all columns, so any change of a value, an encoding or a page split shows, while the footer's provenance
/// (creation time, input paths) does not. The other outputs are hashed whole, except the command line in
/// stats.json and the criteria folder's version hash in both stats outputs. `DATAMAN_RECORD_GOLDEN=1`
/// rewrites the fixture after a deliberate change of output; the diff of `golden-outputs.json` shows what moved.
@Suite struct GoldenOutputTests {
    static let fixture = CommandRunner.repository.appendingPathComponent(
        "Tests/DataManCLITests/Fixtures/golden-outputs.json"
    )
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dataman-golden-\(UUID().uuidString)")

    @Test func annotateStatsAndSampleWriteTheRecordedOutputs() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let annotations = scratch.appendingPathComponent("annotations")
        let mixture = scratch.appendingPathComponent("mixture")
        let statsJSON = scratch.appendingPathComponent("stats.json")
        var digests: [String: String] = [:]
        let runs: [(output: String?, arguments: [String])] = [
            (nil, ["annotate", "shards", "--out", annotations.path, "--quiet"]),
            (
                "stats.txt",
                [
                    "stats", annotations.path, "--json", statsJSON.path, "--examples", "2", "--shards", "shards",
                    "--color", "never",
                ]
            ),
            (
                nil,
                [
                    "sample", annotations.path, "--budget", "300K", "--preset", "dataman-topk", "--seed", "7",
                    "--out", mixture.path, "--materialize", "--shards", "shards", "--shard-tokens", "100K",
                ]
            ),
        ]
        for (output, arguments) in runs {
            let result = try CommandRunner.run(arguments)
            try #require(result.status == 0, "dataman \(arguments.joined(separator: " ")): \(result.stderr)")
            if let output {
                // The criteria folder's hash changes with any edit of it, its READMEs included; what the
                // criteria do to the ratings shows in the annotation files.
                let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
                let report = lines.filter { !$0.hasPrefix("criteria ") }.joined(separator: "\n")
                digests[output] = Self.hex(SHA256.hash(data: Data(report.utf8)))
            }
        }

        for (name, folder) in [("annotations", annotations), ("mixture", mixture)] {
            for file in try Self.files(under: folder) {
                let relative = name + "/" + String(file.path.dropFirst(folder.path.count + 1))
                let bytes = try [UInt8](Data(contentsOf: file))
                digests[relative] = Self.hex(
                    SHA256.hash(data: file.pathExtension == "parquet" ? Self.dataRegion(bytes) : bytes)
                )
            }
        }
        // The aggregates without the command line, which names this run's temporary folder.
        var aggregates = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: statsJSON)) as? [String: Any]
        )
        aggregates["command"] = nil
        if var provenance = aggregates["provenance"] as? [String: Any] {
            provenance["criteria_versions"] = nil
            aggregates["provenance"] = provenance
        }
        let canonical = try JSONSerialization.data(withJSONObject: aggregates, options: [.sortedKeys])
        digests["stats.json"] = Self.hex(SHA256.hash(data: canonical))

        if ProcessInfo.processInfo.environment["DATAMAN_RECORD_GOLDEN"] == "1" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try FileManager.default.createDirectory(
                at: Self.fixture.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try encoder.encode(digests).write(to: Self.fixture)
            return
        }
        let recorded = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: Self.fixture))
        #expect(Set(digests.keys) == Set(recorded.keys), "the outputs' file names changed")
        for (file, digest) in recorded.sorted(by: { $0.key < $1.key }) {
            #expect(digests[file] == digest, "\(file) differs from the recorded output")
        }
    }

    /// Files below a folder, sorted, leaving out the run's own bookkeeping (manifests, locks, reports with times).
    static func files(under folder: URL) throws -> [URL] {
        let keep: (URL) -> Bool = { url in
            let name = url.lastPathComponent
            return !name.hasPrefix("_dataman") && !name.hasSuffix(".lock") && name != "manifest.json"
        }
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        var files: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true, keep(url) {
                files.append(url.standardizedFileURL)
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// A Parquet file up to its footer: magic, then every column chunk's pages.
    static func dataRegion(_ bytes: [UInt8]) -> [UInt8] {
        precondition(bytes.count >= 12 && bytes.suffix(4) == Array("PAR1".utf8), "not a Parquet file")
        let lengthBytes = bytes[(bytes.count - 8)..<(bytes.count - 4)]
        let footerLength = lengthBytes.reversed().reduce(0) { $0 << 8 | Int($1) }
        return Array(bytes[0..<(bytes.count - 8 - footerLength)])
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
