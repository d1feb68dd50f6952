import Foundation
import Pipeline
import Testing

/// The CI-sized kill and resume (scripts/reliability/kill-resume.sh is the long one): SIGKILL a real
/// run at random moments after it takes the output lock, rerun each time, and the finished output
/// equals an uninterrupted run's, value for value, with nothing stray left behind.
@Suite struct KillResumeTests {
    @Test func killedRunsResumeToTheUninterruptedOutput() throws {
        let scratch = try Scratch()
        try scratch.corpus(shards: 5, perShard: 200)
        func arguments(_ out: URL) -> [String] {
            ["annotate", scratch.shards.path, "--out", out.path, "--tokenizer", "estimate", "-q", "--threads", "2"]
        }
        let reference = scratch.folder("reference")
        #expect(try CLI.run(arguments(reference), log: scratch.folder("reference.log")).status == 0)

        let out = scratch.folder("out")
        let lockFile = out.appendingPathComponent(OutputLock.fileName)
        var seed: UInt64 = 7  // seeded, so a failure repeats with the same kill times
        var kills = 0
        for attempt in 0..<5 {
            let process = try CLI.start(arguments(out), log: scratch.folder("killed\(attempt).log"))
            _ = CLI.waitFor(seconds: 60) {
                ((try? String(contentsOf: lockFile, encoding: .utf8)) ?? "").hasPrefix("pid \(process.processIdentifier) ")
            }
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            usleep(20_000 + UInt32(seed >> 33) % 1_480_000)
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
        }
        let last = try CLI.run(arguments(out), log: scratch.folder("last.log"))
        #expect(last.status == 0, "\(last.stderr)")
        #expect(kills >= 1)
        #expect(try strayFiles(out) == [])
        #expect(try parquetContents(out) == parquetContents(reference))
    }
}
