import Codecs
import Foundation
import Parquet
import Pipeline
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct HostileInputTests {
    /// A 40 KB zstd file that decompresses to a 256 MiB line: it becomes one error row past
    /// --max-line-bytes, the next line is still annotated, and the process's peak memory stays
    /// within a few MiB of a run over a tiny file (it would grow by 256 MiB if the line were held).
    @Test func aZstdBombBecomesABadRecordInBoundedMemory() throws {
        let scratch = try Scratch()
        let bomb = scratch.shards.appendingPathComponent("bomb.jsonl.zst")
        let writer = try CompressedFileWriter(destination: bomb, compression: .zstd, level: 3)
        try writer.write(Array("{\"id\":\"bomb\",\"text\":\"".utf8))
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20)
        for _ in 0..<256 { try writer.write(chunk) }
        try writer.write(
            Array("\"}\n".utf8) + Array(Scratch.jsonLine(id: "after", text: "A normal line.").utf8) + [0x0A]
        )
        try writer.commit()
        let compressedSize = try #require(try FileManager.default.attributesOfItem(atPath: bomb.path)[.size] as? Int)
        #expect(compressedSize < 1 << 20)

        let small = scratch.folder("small")
        try FileManager.default.createDirectory(at: small, withIntermediateDirectories: true)
        try Data((Scratch.jsonLine(id: "x", text: "Tiny.") + "\n").utf8).write(
            to: small.appendingPathComponent("x.jsonl")
        )
        let common = [
            "--tokenizer", "estimate", "-q", "--threads", "1", "--max-line-bytes", "\(1 << 20)", "--rater", "none",
        ]
        let baseline = try CLI.runMeasuringMemory(
            ["annotate", small.path, "--out", scratch.folder("out-small").path] + common
        )
        #expect(baseline.status == 0)

        let out = scratch.folder("out")
        let run = try CLI.runMeasuringMemory(["annotate", scratch.shards.path, "--out", out.path] + common)
        #expect(run.status == 0)
        #expect(
            run.maxResidentKiB < baseline.maxResidentKiB + 48 * 1024,
            "peak \(run.maxResidentKiB) KiB against \(baseline.maxResidentKiB) KiB for a tiny file"
        )
        let reader = try ParquetReader(url: out.appendingPathComponent("bomb.jsonl.zst.parquet"))
        guard case .string(let errors) = try reader.read(column: "error"),
            case .string(let ids) = try reader.read(column: "doc_id")
        else {
            Issue.record("unexpected column types")
            return
        }
        #expect(errors.count == 2)
        #expect(errors.first??.contains("line is longer than 1048576 bytes (--max-line-bytes)") == true)
        #expect(ids.last == "after")
        #expect(errors.last == .some(nil))
    }

    @Test func aPlainLineLongerThanTheLimitIsAnErrorRowAndTheShardGoesOn() async throws {
        let scratch = try Scratch()
        let long = Scratch.jsonLine(id: "long", text: String(repeating: "word ", count: 600_000))
        try scratch.shard(
            "a.jsonl",
            [Scratch.jsonLine(id: "one", text: "First."), long, Scratch.jsonLine(id: "three", text: "Third.")]
        )
        let out = scratch.folder("out")
        let summary = try await scratch.annotator(out: out) { $0.maxLineBytes = 1 << 20 }.run()
        #expect(summary.documents == 3)
        #expect(summary.badRecordCount == 1)
        let reader = try ParquetReader(url: out.appendingPathComponent("a.jsonl.parquet"))
        guard case .string(let errors) = try reader.read(column: "error"),
            case .int32(let lengths) = try reader.read(column: "length")
        else {
            Issue.record("unexpected column types")
            return
        }
        #expect(errors[0] == nil && errors[2] == nil)
        #expect(errors[1]?.contains("longer than 1048576 bytes") == true)
        #expect(lengths[1] == Int32(long.utf8.count))
    }

    /// The rater appends to the shard while it is being read: the change is seen before the commit,
    /// nothing is written for that shard, and the rerun (the file now still) annotates all of it.
    @Test func aShardChangedWhileReadIsNotCommittedAndTheRerunRedoesIt() async throws {
        let scratch = try Scratch()
        let lines = (0..<100).map { Scratch.jsonLine(id: "d\($0)", text: "Document \($0) text.") }
        let url = try scratch.shard("a.jsonl", lines)
        let growing = EchoRater(beforeRating: {
            guard let handle = try? FileHandle(forWritingTo: url) else { return }
            handle.seekToEndOfFile()
            handle.write(Data((Scratch.jsonLine(id: "late", text: "Appended while reading.") + "\n").utf8))
            try? handle.close()
        })
        let out = scratch.folder("out")
        let first = try await scratch.annotator(out: out, rater: growing).run()
        #expect(first.shardsAnnotated == 0)
        #expect(first.failedShards.count == 1)
        #expect(first.failedShards.first?.reason.contains("\(url.path) ") == true)
        #expect(first.failedShards.first?.reason.contains("while it was being read") == true)
        #expect(try parquetContents(out).isEmpty)
        #expect(try strayFiles(out) == [])
        #expect(try RunManifest.load(from: out)?.shards.isEmpty ?? true)

        let lineCount = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").count
        #expect(lineCount > 100)
        let rerun = try await scratch.annotator(out: out).run()
        #expect(rerun.shardsAnnotated == 1)
        #expect(rerun.documents == lineCount)
    }

    /// The output folder is a 2 MiB tmpfs: the small shard commits, the big one fails with the
    /// system's reason and leaves no temporary behind; with room made, the rerun completes only it.
    @Test(.enabled(if: geteuid() == 0, "mounting a tmpfs needs root"))
    func aFullOutputDiskFailsTheShardCleanlyAndTheRerunCompletesIt() async throws {
        let scratch = try Scratch()
        let out = scratch.folder("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        guard try shell("/bin/mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", out.path]) == 0 else {
            Issue.record("could not mount a tmpfs at \(out.path)")
            return
        }
        defer { _ = try? shell("/bin/umount", [out.path]) }
        try scratch.shard("a-small.jsonl", (0..<50).map { Scratch.jsonLine(id: "s\($0)", text: "Small \($0).") })
        try scratch.shard(
            "b-big.jsonl",
            (0..<100_000).map { _ in Scratch.jsonLine(id: UUID().uuidString + UUID().uuidString, text: "x") }
        )

        let first = try await scratch.annotator(out: out) {
            $0.rowGroupRows = 5_000
            $0.batchDocuments = 1_000
        }.run()
        #expect(first.shardsAnnotated == 1)
        #expect(first.failedShards.map(\.shard) == ["b-big.jsonl"])
        #expect(first.failedShards.first?.reason.contains("No space left on device") == true)
        #expect(try strayFiles(out) == [])
        #expect(try Set(parquetContents(out).keys) == ["a-small.jsonl.parquet"])

        #expect(try shell("/bin/mount", ["-o", "remount,size=64m", out.path]) == 0)
        let rerun = try await scratch.annotator(out: out) {
            $0.rowGroupRows = 5_000
            $0.batchDocuments = 1_000
        }.run()
        #expect(rerun.shardsSkipped == 1)
        #expect(rerun.shardsAnnotated == 1)
        #expect(rerun.documents == 100_000)
        #expect(try ParquetReader(url: out.appendingPathComponent("b-big.jsonl.parquet")).rowCount == 100_000)
    }

    /// A read-only --out (a read-only tmpfs: root bypasses permission bits, not a read-only mount)
    /// is refused before any shard is read.
    @Test(.enabled(if: geteuid() == 0, "mounting a tmpfs needs root"))
    func aReadOnlyOutIsAnErrorAtStart() async throws {
        let scratch = try Scratch()
        try scratch.shard("a.jsonl", [Scratch.jsonLine(id: "1", text: "Some text.")])
        let out = scratch.folder("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        guard try shell("/bin/mount", ["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", out.path]) == 0 else {
            Issue.record("could not mount a read-only tmpfs at \(out.path)")
            return
        }
        defer { _ = try? shell("/bin/umount", [out.path]) }
        let error = await #expect(throws: PipelineError.outputNotWritable(folder: out.path)) {
            try await scratch.annotator(out: out).run()
        }
        #expect(
            error?.description
                == "the output folder \(out.path) is not writable; make it writable or choose another --out"
        )
    }

    func shell(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
