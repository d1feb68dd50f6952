import Criteria
import Foundation
import Pipeline

/// What `dataman --version` reports: the version, the commit the binary was built from and the
/// version hash of the criteria folder it finds.
enum BuildInfo {
    /// Written by scripts/release.sh for the build it makes (and put back afterwards). A plain
    /// `swift build` leaves it nil, and `--version` asks git about the checkout it was built from.
    static let commit: String? = nil

    static func report() -> String {
        var build = "development build"
        if let commit {
            build = "commit \(commit)"
        } else if let checkout = checkoutCommit() {
            build += ", checkout at \(checkout)"
        }
        let criteria: String
        do {
            let set = try CriteriaSet.load()
            criteria = "criteria \(set.versionHash) (\(set.directory.path))"
        } catch {
            criteria = "criteria not found: \(error)"
        }
        return "dataman \(Engine.version) (\(build))\n\(criteria)"
    }

    /// `git rev-parse` in the source folder this file was compiled from, if it is still there.
    private static func checkoutCommit() -> String? {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        guard FileManager.default.fileExists(atPath: folder.path) else { return nil }
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "-C", folder.path, "describe", "--always", "--dirty", "--abbrev=12"]
        let output = Pipe()
        git.standardOutput = output
        git.standardError = FileHandle.nullDevice
        guard (try? git.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        git.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return git.terminationStatus == 0 && !text.isEmpty ? text : nil
    }
}
