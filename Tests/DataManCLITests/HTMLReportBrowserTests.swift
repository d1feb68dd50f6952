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

        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/bin/bash")
        check.arguments = [
            Self.checker.path, report.path, scratch.appendingPathComponent("report.png").path, "examples",
        ]
        let output = Pipe()
        check.standardOutput = output
        check.standardError = output
        try check.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        check.waitUntilExit()
        #expect(check.terminationStatus == 0, "\(text)")
        #expect(text.contains("check_html: OK"), "\(text)")
    }
}
