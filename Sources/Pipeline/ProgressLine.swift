import Foundation
import Rating

#if canImport(Glibc)
import Glibc
#endif

/// The progress line on stderr: shards, documents, MB/s and an ETA from the share of input bytes read.
/// On a terminal it redraws one line a few times a second; in a log it writes a line every 30 s.
final class ProgressLine {
    private let enabled: Bool
    private let interactive: Bool
    private let interval: Double
    private let start = Date()
    private var lastDrawn = Date.distantPast
    private var drewOnTerminal = false

    init(enabled: Bool) {
        self.enabled = enabled
        interactive = isatty(STDERR_FILENO) == 1
        interval = interactive ? 0.25 : 30
    }

    struct Snapshot {
        var shardsDone: Int
        var shardsTotal: Int
        var documents: Int
        var decompressedBytes: Int64
        var inputBytesRead: Int64
        var inputBytesTotal: Int64
        /// The rater's request counters, when it sends requests to a model server.
        var requests: RequestStatistics?
    }

    func update(_ snapshot: @autoclosure () -> Snapshot) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDrawn) >= interval else { return }
        lastDrawn = now
        draw(snapshot(), now: now)
    }

    /// Clears the progress line so the summary starts on a clean line.
    func finish() {
        if drewOnTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    private func draw(_ s: Snapshot, now: Date) {
        let elapsed = max(now.timeIntervalSince(start), 1e-3)
        let megabytes = Double(s.decompressedBytes) / 1_000_000
        let fraction = s.inputBytesTotal > 0 ? Double(s.inputBytesRead) / Double(s.inputBytesTotal) : 0
        let eta = fraction > 0.001 ? Self.duration(elapsed / fraction - elapsed) : "?"
        let text =
            String(
                format: "shards %d/%d  docs %d  %.1f MB  %.1f MB/s  %.0f%%  ETA ",
                s.shardsDone,
                s.shardsTotal,
                s.documents,
                megabytes,
                megabytes / elapsed,
                fraction * 100
            ) + eta + (s.requests.map { Self.requestText($0, elapsed: elapsed) } ?? "")
        if interactive {
            FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
            drewOnTerminal = true
        } else {
            FileHandle.standardError.write(Data("progress: \(text)\n".utf8))
        }
    }

    private static func requestText(_ r: RequestStatistics, elapsed: Double) -> String {
        String(
            format: "  requests %d (%.0f/s)  in flight %d  retries %d  errors %d",
            r.requests,
            Double(r.requests) / elapsed,
            r.inFlight,
            r.retries,
            r.failures
        )
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(s % 3600 / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }
}
