import Foundation
import Pipeline
import Testing

@Suite struct OutputLockTests {
    @Test func aSecondAnnotateIntoTheSameOutIsRefusedNamingTheHolder() async throws {
        let scratch = try Scratch()
        try scratch.shard("a.jsonl", [Scratch.jsonLine(id: "1", text: "Some text.")])
        let out = scratch.folder("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        // OFD record locks belong to an open file, so a second lock in this process conflicts like another process would.
        let holder = try OutputLock(folder: out)
        let error = await #expect(throws: PipelineError.self) { try await scratch.annotator(out: out).run() }
        guard case .outputInUse(let folder, rank: nil, let named) = error else {
            Issue.record("expected the lock's holder to be named, got \(String(describing: error))")
            return
        }
        #expect(folder == out.path && named.hasPrefix("pid \(getpid())"))
        #expect(error?.description.contains("in use by another dataman run") == true)
        #expect(error?.description.contains("pid \(getpid())") == true)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("a.jsonl.parquet").path))
        withExtendedLifetime(holder) {}
    }

    /// `dataman status` asks who holds a rank's lock; asking must not take or drop it.
    @Test func theHolderCanBeAskedWithoutTouchingTheLock() throws {
        let scratch = try Scratch()
        let out = scratch.folder("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let url = out.appendingPathComponent(OutputLock.fileName)
        do {
            let lock = try OutputLock(folder: out)
            #expect(OutputLock.holder(of: url)?.hasPrefix("pid \(getpid()) ") == true)
            #expect(throws: PipelineError.self) { try OutputLock(folder: out) }
            withExtendedLifetime(lock) {}
        }
        #expect(OutputLock.holder(of: url) == nil)
    }

    @Test func theLockIsReleasedWhenTheRunEnds() async throws {
        let scratch = try Scratch()
        try scratch.shard("a.jsonl", [Scratch.jsonLine(id: "1", text: "Some text.")])
        let out = scratch.folder("out")
        _ = try await scratch.annotator(out: out).run()
        _ = try OutputLock(folder: out)
        let lockText = try String(contentsOf: out.appendingPathComponent(OutputLock.fileName), encoding: .utf8)
        #expect(lockText.hasPrefix("pid \(getpid()) on "))
    }

    /// Two real processes: the second is refused while the first runs; once the first is killed
    /// (SIGKILL, no chance to clean up) its lock is gone and a third run finishes the work.
    @Test func aKilledHolderDoesNotKeepTheLock() throws {
        let scratch = try Scratch()
        try scratch.corpus(shards: 6, perShard: 400)
        let out = scratch.folder("out")
        let arguments = [
            "annotate", scratch.shards.path, "--out", out.path, "--tokenizer", "estimate", "-q", "--threads", "1",
        ]
        let first = try CLI.start(arguments, log: scratch.folder("first.log"))
        let lockFile = out.appendingPathComponent(OutputLock.fileName)
        #expect(
            CLI.waitFor(seconds: 60) {
                ((try? String(contentsOf: lockFile, encoding: .utf8)) ?? "").contains("pid \(first.processIdentifier)")
            }
        )

        let second = try CLI.run(arguments, log: scratch.folder("second.log"))
        #expect(second.status == 1)
        #expect(
            second.stderr.contains("\(out.path) is in use by another dataman run (pid \(first.processIdentifier) on ")
        )

        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(first.terminationReason == .uncaughtSignal)
        let third = try CLI.run(arguments, log: scratch.folder("third.log"))
        #expect(third.status == 0, "\(third.stderr)")
        #expect(try parquetContents(out).count == 6)
    }
}
