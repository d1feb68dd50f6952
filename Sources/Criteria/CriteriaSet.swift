import CXXHash
import Foundation

/// One of DataMan's 14 quality criteria, in the fixed order of the reference facts.
public struct Criterion: Codable, Sendable, Hashable {
    public let number: Int
    public let name: String
    /// The annotation column, e.g. `semantic_density`.
    public let column: String
    /// The name used in the GPT "super rater" prompt.
    public let gptName: String
    public let nameZh: String
    public let definition: String

    enum CodingKeys: String, CodingKey {
        case number, name, column, definition
        case gptName = "gpt_name"
        case nameZh = "name_zh"
    }
}

/// One of DataMan's 15 domains, lettered A-O.
public struct Domain: Codable, Sendable, Hashable {
    public let letter: String
    public let name: String
    public let nameZh: String

    enum CodingKeys: String, CodingKey {
        case letter, name
        case nameZh = "name_zh"
    }
}

/// A `criteria/` folder that cannot be used, naming the file and what is wrong with it.
public enum CriteriaError: Error, Equatable, CustomStringConvertible {
    /// No criteria folder where the engine looks for one.
    case notFound(searched: [String])
    case unreadable(path: String, reason: String)
    /// A file that is there but does not hold what the engine needs.
    case malformed(path: String, detail: String)

    public var description: String {
        switch self {
        case .notFound(let searched):
            """
            cannot find the criteria folder: looked above \(searched.joined(separator: " and ")); \
            set DATAMAN_CRITERIA to the criteria/ folder of the DataMan repository or pass --criteria
            """
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .malformed(let path, let detail): "\(path): \(detail)"
        }
    }
}

/// The contents of a `criteria/` folder: criteria, domains, prompt templates and the data files
/// raters keep there, identified by a hash of every file (the builtin model's aside) so provenance
/// can tell versions apart.
public struct CriteriaSet: Sendable {
    public static let criterionCount = 14
    public static let domainCount = 15

    public let directory: URL
    public let criteria: [Criterion]
    public let domains: [Domain]
    /// `xxh3-128` hex digest of every file under the folder (sorted relative paths and contents).
    public let versionHash: String

    public var columns: [String] { criteria.map(\.column) }

    /// Loads the folder given, or the engine's own (see `bundledDirectory`) when `directory` is nil.
    public static func load(from directory: URL? = nil) throws -> CriteriaSet {
        let folder = try directory ?? bundledDirectory()
        let criteria = try decode(CriteriaFile.self, folder, "criteria.json").criteria
        let domains = try decode(DomainsFile.self, folder, "domains.json").domains
        guard criteria.count == criterionCount, criteria.enumerated().allSatisfy({ $0.element.number == $0.offset + 1 })
        else {
            throw CriteriaError.malformed(
                path: folder.appendingPathComponent("criteria.json").path,
                detail:
                    "expected the \(criterionCount) criteria numbered 1...\(criterionCount), found \(criteria.count)"
            )
        }
        guard domains.count == domainCount, domains.map(\.letter).joined() == "ABCDEFGHIJKLMNO" else {
            throw CriteriaError.malformed(
                path: folder.appendingPathComponent("domains.json").path,
                detail: "expected the \(domainCount) domains lettered A-O"
            )
        }
        return CriteriaSet(directory: folder, criteria: criteria, domains: domains, versionHash: try hashFolder(folder))
    }

    /// The bytes of a file under the folder, e.g. `prompts/all_rating.en.txt` or `heuristic/lexicons.json`.
    public func data(_ relativePath: String) throws -> Data {
        let url = directory.appendingPathComponent(relativePath)
        do { return try Data(contentsOf: url) } catch {
            throw CriteriaError.unreadable(path: url.path, reason: error.localizedDescription)
        }
    }

    public func text(_ relativePath: String) throws -> String {
        guard let text = String(data: try data(relativePath), encoding: .utf8) else {
            throw CriteriaError.malformed(
                path: directory.appendingPathComponent(relativePath).path,
                detail: "not valid UTF-8"
            )
        }
        return text
    }

    /// The prompt template named e.g. `all_rating` in `language` (`en` or `zh`).
    public func promptTemplate(_ name: String, language: String = "en") throws -> String {
        try text("prompts/\(name).\(language).txt")
    }

    public func domainIndex(letter: Character) -> Int? {
        domains.firstIndex { $0.letter.first == letter }
    }

    public func domainIndex(name: String) -> Int? {
        domains.firstIndex { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    private struct CriteriaFile: Decodable { let criteria: [Criterion] }
    private struct DomainsFile: Decodable { let domains: [Domain] }

    private static func decode<T: Decodable>(_ type: T.Type, _ folder: URL, _ name: String) throws -> T {
        let url = folder.appendingPathComponent(name)
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CriteriaError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        do { return try JSONDecoder().decode(T.self, from: data) } catch {
            throw CriteriaError.malformed(path: url.path, detail: "\(error)")
        }
    }

    /// The folder is looked up rather than compiled in, so that editing `criteria/` needs no rebuild:
    /// `DATAMAN_CRITERIA`, else the nearest `criteria/` (or `share/dataman/criteria/`) above the
    /// executable, which finds the repository's folder from `.build/release/dataman`, else above
    /// the working directory.
    static func bundledDirectory() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let override = environment["DATAMAN_CRITERIA"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        let starts = [
            Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent(),
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        ].compactMap { $0 }
        for start in starts {
            var folder = start.standardizedFileURL
            while true {
                for candidate in ["criteria", "share/dataman/criteria"] {
                    let url = folder.appendingPathComponent(candidate)
                    if FileManager.default.fileExists(atPath: url.appendingPathComponent("criteria.json").path) {
                        return url
                    }
                }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        throw CriteriaError.notFound(searched: starts.map(\.path))
    }

    /// The folder of the shipped `--rater builtin` model, left out of `versionHash`.
    public static let builtinModelFolder = "builtin"

    private static func hashFolder(_ folder: URL) throws -> String {
        let root = folder.resolvingSymlinksInPath().standardizedFileURL
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        else {
            throw CriteriaError.unreadable(path: root.path, reason: "cannot list the folder")
        }
        var files: [(String, URL)] = []
        for case let url as URL in walker
        where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            let relative = String(url.resolvingSymlinksInPath().standardizedFileURL.path.dropFirst(root.path.count + 1))
            // The shipped model is named in provenance by its own hash; retraining it must not make
            // every other rater's annotations look like another criteria version.
            guard !relative.hasPrefix(Self.builtinModelFolder + "/") else { continue }
            files.append((relative, url))
        }
        files.sort { $0.0 < $1.0 }
        var content = Data()
        for (relative, url) in files {
            let bytes = try Data(contentsOf: url)
            content.append(contentsOf: Array(relative.utf8) + [0])
            content.append(contentsOf: withUnsafeBytes(of: UInt64(bytes.count).littleEndian, Array.init))
            content.append(bytes)
        }
        let digest = content.withUnsafeBytes { XXH3_128bits($0.baseAddress, $0.count) }
        return String(format: "%016llx%016llx", digest.high64, digest.low64)
    }
}
