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
        let uninterrupted = try CLI.runTimingTheLock(
            arguments(reference),
            out: reference,
            log: scratch.folder("reference.log"),
            lockWait: 60
        )
        try #require(uninterrupted.status == 0, "\(uninterrupted.stderr)")

        let out = scratch.folder("out")
        let kills = try CLI.killRepeatedly(
            arguments(out),
            out: out,
            logs: { scratch.folder("killed\($0).log") },
            seed: 7,
            lockWait: 60,
            heldSeconds: uninterrupted.heldSeconds
        )
        let last = try CLI.run(arguments(out), log: scratch.folder("last.log"))
        #expect(last.status == 0, "\(last.stderr)")
        #expect(kills >= 1, "no kill landed within half of the \(uninterrupted.heldSeconds) s run")
        #expect(try strayFiles(out) == [])
        #expect(try parquetContents(out) == parquetContents(reference))
    }
}
