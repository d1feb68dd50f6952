import Foundation
import Pipeline
import Testing

/// SIGINT/SIGTERM sent to a real `dataman annotate`: the shard in progress is abandoned, committed
/// shards stay, the exit status is 128+signal, and rerunning the printed command completes the
/// output so that it equals an uninterrupted run's, value for value.
@Suite(.serialized) struct GracefulStopTests {
    func arguments(_ scratch: Scratch, out: URL) -> [String] {
        ["annotate", scratch.shards.path, "--out", out.path, "--tokenizer", "estimate", "-q", "--threads", "2"]
    }

    func committedCount(_ out: URL) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).filter { $0.hasSuffix(".parquet") }
            .count
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func aSignalAbandonsTheShardInProgressAndTheRerunCompletes(signal: Int32) throws {
        let scratch = try Scratch()
        try scratch.corpus(shards: 6, perShard: 300)
        let reference = scratch.folder("reference")
        let uninterrupted = try CLI.run(arguments(scratch, out: reference), log: scratch.folder("reference.log"))
        #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")

        let out = scratch.folder("out")
        let log = scratch.folder("stopped.log")
        let process = try CLI.start(arguments(scratch, out: out), log: log)
        #expect(CLI.waitFor(seconds: 120) { committedCount(out) >= 1 })
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        let stderr = try String(contentsOf: log, encoding: .utf8)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 128 + signal, "\(stderr)")
        #expect(stderr.contains("stopped by signal \(signal)"))
        #expect(
            stderr.contains(
                "to resume, run the same command again:\n  \(CLI.executable.path) annotate \(scratch.shards.path) --out \(out.path)"
            )
        )

        // Only whole files: every .parquet is readable and listed in the manifest, no temporary left.
        #expect(try strayFiles(out) == [])
        let committed = try parquetContents(out)
        let manifest = try #require(try RunManifest.load(from: out))
        #expect(Set(manifest.shards.values.map(\.output)) == Set(committed.keys))
        #expect(committed.count < 6, "the run finished before the signal; nothing was interrupted")

        let rerun = try CLI.run(arguments(scratch, out: out), log: scratch.folder("rerun.log"))
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stderr.contains("(\(committed.count) already done"))
        #expect(try parquetContents(out) == parquetContents(reference))
    }

    @Test func aSecondSignalStopsAtOnce() throws {
        let scratch = try Scratch()
        try scratch.corpus(shards: 4, perShard: 300)
        let out = scratch.folder("out")
        let process = try CLI.start(arguments(scratch, out: out), log: scratch.folder("log"))
        #expect(
            CLI.waitFor(seconds: 60) {
                FileManager.default.fileExists(atPath: out.appendingPathComponent(OutputLock.fileName).path)
            }
        )
        usleep(300_000)
        kill(process.processIdentifier, SIGTERM)
        usleep(50_000)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 128 + SIGTERM)
        // Whatever was committed is whole; a leftover .tmp is harmless and overwritten by the rerun.
        _ = try parquetContents(out)
        let rerun = try CLI.run(arguments(scratch, out: out), log: scratch.folder("rerun.log"))
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try strayFiles(out) == [])
        #expect(try parquetContents(out).count == 4)
    }
}
