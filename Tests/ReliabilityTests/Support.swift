import Codecs
import Criteria
import Foundation
import Parquet
import Pipeline
import Rating
import Testing
import Tokenizers

#if canImport(Glibc)
import Glibc
#endif

/// A scratch folder removed at the end of the test.
final class Scratch {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("dataman-reliability-\(UUID().uuidString)")
    var shards: URL { root.appendingPathComponent("shards") }

    init() throws { try FileManager.default.createDirectory(at: shards, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(at: root) }

    func folder(_ name: String) -> URL { root.appendingPathComponent(name) }

    @discardableResult
    func shard(_ name: String, _ lines: [String], compression: Compression = .none) throws -> URL {
        let url = shards.appendingPathComponent(name)
        let writer = try CompressedFileWriter(destination: url, compression: compression, level: 3)
        try writer.write(Array(lines.map { $0 + "\n" }.joined().utf8))
        try writer.commit()
        return url
    }

    /// `count` shards of `perShard` varied English-like documents each, for runs long enough to interrupt.
    func corpus(shards count: Int, perShard: Int) throws {
        let words = [
            "the", "river", "model", "data", "quality", "signal", "protein", "theorem", "market", "engine",
            "history", "garden", "compiler", "orbit", "language", "policy", "music", "energy", "ocean", "city",
        ]
        for shardIndex in 0..<count {
            let lines = (0..<perShard).map { doc -> String in
                var seed = UInt64(shardIndex * 100_003 + doc) &* 0x9E37_79B9_7F4A_7C15
                let sentence = (0..<(200 + doc % 300)).map { _ -> String in
                    seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    return words[Int(seed >> 59) % words.count]
                }.joined(separator: " ")
                return Self.jsonLine(
                    id: "s\(shardIndex)-\(doc)",
                    text: sentence.prefix(1).uppercased() + sentence.dropFirst() + "."
                )
            }
            try shard(String(format: "part%03d.jsonl", shardIndex), lines)
        }
    }

    static func jsonLine(id: String, text: String) -> String {
        String(
            decoding: try! JSONSerialization.data(withJSONObject: ["id": id, "text": text], options: [.sortedKeys]),
            as: UTF8.self
        )
    }

    func annotator(
        out: URL,
        rater: any Rater = EchoRater(),
        configure: (inout AnnotateOptions) -> Void = { _ in }
    ) throws -> Annotator {
        var options = AnnotateOptions(inputs: [shards], output: out)
        options.threads = 2
        options.batchDocuments = 16
        configure(&options)
        return Annotator(
            options: options,
            rater: rater,
            tokenCounter: EstimatedTokenCounter(),
            criteria: try CriteriaSet.load(),
            showProgress: false
        )
    }
}

/// Rates by a hash of the text, so every run gives the same rows; `beforeRating` lets a test act mid-run.
struct EchoRater: Rater {
    var beforeRating: @Sendable () -> Void = {}
    var descriptor: RaterDescriptor { RaterDescriptor(kind: "test", model: "echo", promptHash: "1") }

    func rate(_ batch: [RatingInput]) async throws -> [RatingResult] {
        beforeRating()
        return batch.map { input in
            let seed = input.text.utf8.reduce(UInt64(1_469_598_103_934_665_603)) {
                ($0 ^ UInt64($1)) &* 1_099_511_628_211
            }
            return .rated(
                Ratings(scores: (0..<14).map { Int8(1 + (seed >> UInt64($0 * 3)) % 5) }, domain: Int(seed % 15))
            )
        }
    }
}

/// Every column of every Parquet file under `folder`, keyed by relative path, for comparing two runs value for value.
func parquetContents(_ folder: URL) throws -> [String: [String: ColumnValues]] {
    var contents: [String: [String: ColumnValues]] = [:]
    for path in try FileManager.default.subpathsOfDirectory(atPath: folder.path) where path.hasSuffix(".parquet") {
        let reader = try ParquetReader(url: folder.appendingPathComponent(path))
        var columns: [String: ColumnValues] = [:]
        for column in reader.columns { columns[column.name] = try reader.read(column: column.name) }
        contents[path] = columns
    }
    return contents
}

/// Files left in an output folder that are neither committed annotations nor the run's own bookkeeping.
func strayFiles(_ folder: URL) throws -> [String] {
    try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter {
        !$0.hasSuffix(".parquet") && $0 != RunManifest.fileName && $0 != OutputLock.fileName
    }
}

/// Runs the `dataman` executable built beside the test bundle.
enum CLI {
    static let executable = Bundle.main.executableURL!.deletingLastPathComponent().appendingPathComponent("dataman")
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Starts dataman with its stderr going to `log`; the caller waits on or signals the process.
    static func start(_ arguments: [String], log: URL) throws -> Process {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = repository
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        return process
    }

    static func run(_ arguments: [String], log: URL) throws -> (status: Int32, stderr: String) {
        let process = try start(arguments, log: log)
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    /// Runs `arguments` to its end and measures how long it held `out`'s lock, the window in which a
    /// kill interrupts real work; process start-up, which dominates a debug build's short run, is left out.
    static func runTimingTheLock(
        _ arguments: [String],
        out: URL,
        log: URL,
        lockWait: Double
    ) throws -> (status: Int32, stderr: String, heldSeconds: Double) {
        let process = try start(arguments, log: log)
        _ = waitForLock(of: process, in: out, seconds: lockWait)
        let locked = Date()
        process.waitUntilExit()
        let held = Date().timeIntervalSince(locked)
        return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "", held)
    }

    /// Starts `arguments` `attempts` times, SIGKILLing each run at a seeded random moment within the
    /// first `fraction` of `heldSeconds` (an uninterrupted run's time under the lock) after it took
    /// `out`'s lock; returns the kills that landed (a later run, with less left to do, may finish
    /// first). Scaling the moments to the measured run keeps the kills landing on a machine of any
    /// speed. Seeded, so a failure repeats with the same share of the run.
    static func killRepeatedly(
        _ arguments: [String],
        out: URL,
        logs: (Int) -> URL,
        attempts: Int = 5,
        seed: UInt64,
        lockWait: Double,
        heldSeconds: Double,
        fraction: Double = 0.5
    ) throws -> Int {
        var state = seed
        var kills = 0
        for attempt in 0..<attempts {
            let process = try start(arguments, log: logs(attempt))
            _ = waitForLock(of: process, in: out, seconds: lockWait)
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let share = Double(state >> 11) / Double(1 << 53)
            usleep(UInt32(share * fraction * heldSeconds * 1e6))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
        }
        return kills
    }

    private static func waitForLock(of process: Process, in out: URL, seconds: Double) -> Bool {
        let lockFile = out.appendingPathComponent(OutputLock.fileName)
        return waitFor(seconds: seconds) {
            !process.isRunning
                || ((try? String(contentsOf: lockFile, encoding: .utf8)) ?? "").hasPrefix(
                    "pid \(process.processIdentifier) "
                )
        }
    }

    /// Waits until `condition` holds, for at most `seconds`.
    static func waitFor(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }
}

extension CLI {
    /// Runs dataman to its end with output discarded, and reports its peak resident memory (wait4's ru_maxrss).
    static func runMeasuringMemory(_ arguments: [String]) throws -> (status: Int32, maxResidentKiB: Int) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable.path, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw TestSetupError("posix_spawn \(executable.path) failed: \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let exited = status & 0x7f == 0
        return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), Int(usage.ru_maxrss))
    }
}

/// A test's own setup failing (a process not started, a file not as the test wrote it).
struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
