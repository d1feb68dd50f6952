import Foundation
import Testing

/// The HTML report as a person sees it: rendered by headless Chromium (scripts/report/check_html.sh),
/// with every chart present and nothing logged to the browser's console.
@Suite struct HTMLReportBrowserTests {
    static let checker = CommandRunner.repository.appendingPathComponent("scripts/report/check_html.sh")
    static let browserInstalled = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].contains {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dataman-html-\(UUID().uuidString)")

    @Test(.enabled(if: browserInstalled, "Chromium is not installed (scripts/setup.sh installs it)"))
    func theReportRendersEveryChartWithACleanConsole() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let annotations = scratch.appendingPathComponent("annotations")
        let report = scratch.appendingPathComponent("report.html")
        let annotate = try CommandRunner.run(["annotate", "shards", "--out", annotations.path, "--quiet"])
        try #require(annotate.status == 0, "\(annotate.stderr)")
        let stats = try CommandRunner.run([
            "stats", annotations.path, "--html", report.path, "--examples", "2", "--shards", "shards",
        ])
        try #require(stats.status == 0, "\(stats.stderr)")

        let (status, text) = try Self.check(
            report,
            screenshot: scratch.appendingPathComponent("report.png"),
            "examples"
        )
        #expect(status == 0, "\(text)")
        #expect(text.contains("check_html: OK"), "\(text)")
    }

    /// The `compare` report, with its sides, coverage, table, accuracy bars and confusion heat map.
    @Test(.enabled(if: browserInstalled, "Chromium is not installed (scripts/setup.sh installs it)"))
    func theCompareReportRendersEveryChartWithACleanConsole() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let run = try CompareCLITests.compare(in: scratch)
        let (status, text) = try Self.check(
            run.htmlFile,
            screenshot: scratch.appendingPathComponent("compare.png"),
            kind: "compare"
        )
        #expect(status == 0, "\(text)")
        #expect(text.contains("check_html: OK: 6 charts present"), "\(text)")
    }

    /// Runs check_html.sh on a report of `kind` (stats or compare), requiring `extra` charts too.
    static func check(
        _ report: URL,
        screenshot: URL,
        kind: String = "stats",
        _ extra: String...
    ) throws -> (Int32, String) {
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/bin/bash")
        check.arguments = [checker.path, report.path, screenshot.path] + extra
        check.environment = ProcessInfo.processInfo.environment.merging(["REPORT_KIND": kind]) { $1 }
        let output = Pipe()
        check.standardOutput = output
        check.standardError = output
        try check.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        check.waitUntilExit()
        return (check.terminationStatus, text)
    }
}
