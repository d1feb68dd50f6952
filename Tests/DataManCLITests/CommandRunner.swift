import Foundation

/// Runs the `dataman` executable that `swift build` placed beside the test bundle.
struct CommandRunner {
    static let executable = Bundle.main.executableURL!.deletingLastPathComponent().appendingPathComponent("dataman")
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Starts dataman; the caller waits on or kills the process.
    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
        try launch(executable, arguments, environment: environment)
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        try wait(for: try start(arguments, environment: environment))
    }

    /// Runs python3 (a script of the repository, or `-c` code) from the repository root: the interoperability
    /// checks against pyarrow, datatrove, Hugging Face and the others.
    static func python(_ arguments: [String]) throws -> Result {
        try wait(for: try launch(URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments, environment: [:]))
    }

    private static func launch(
        _ program: URL,
        _ arguments: [String],
        environment: [String: String]
    ) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = repository
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    private static func wait(for started: (Process, Pipe, Pipe)) throws -> Result {
        let (process, out, err) = started
        // Read both pipes before waiting, so a chatty process cannot block on a full pipe.
        let errors = Thread.detachedReadToEnd(err)
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: output, as: UTF8.self),
            stderr: String(decoding: errors.wait(), as: UTF8.self)
        )
    }
}

/// Reads a pipe to its end on another thread.
final class PendingRead: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ pipe: Pipe) {
        Thread.detachNewThread { [self] in
            data = pipe.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}

extension Thread {
    static func detachedReadToEnd(_ pipe: Pipe) -> PendingRead { PendingRead(pipe) }
}
