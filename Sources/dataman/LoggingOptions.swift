import ArgumentParser
import Foundation
import Logging

/// `--log-level`, shared by every command: diagnostics go to standard error through swift-log.
/// The progress line and the summaries are the commands' own output and are not log messages.
struct LoggingOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "How much to report on standard error besides the results; debug adds a line per unit of work and per HTTP retry.",
            valueName: "level"
        )
    )
    var logLevel: Logger.Level = .notice

    /// Sends every logger of the process to standard error at `--log-level`; call once, first thing in `run()`.
    func bootstrap() {
        let level = logLevel
        LoggingSystem.bootstrap { label in TerminalLogHandler(label: label, logLevel: level) }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// One line per message, `warning: text`, as command-line tools print them; the logger's label and
/// metadata are added from debug level on, where they help to tell the parts of a run apart.
struct TerminalLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    init(label: String, logLevel: Logger.Level) {
        self.label = label
        self.logLevel = logLevel
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = "\(event.level): "
        if logLevel <= .debug {
            line += "[\(label)] "
        }
        line += "\(event.message)"
        if logLevel <= .debug {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            if !merged.isEmpty {
                line += " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            }
        }
        // One write per line, so that lines from concurrent tasks do not interleave.
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
