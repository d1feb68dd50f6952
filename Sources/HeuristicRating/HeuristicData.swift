import Criteria
import Foundation

/// A rule or word-list file of `criteria/heuristic/` that does not hold what the rater needs.
public enum HeuristicDataError: Error, Equatable, CustomStringConvertible {
    case malformed(file: String, line: Int?, problem: String)

    init(_ file: String, line: Int? = nil, _ problem: String) {
        self = .malformed(file: file, line: line, problem: problem)
    }

    public var description: String {
        switch self {
        case .malformed(let file, let line, let problem):
            line.map { "\(file) line \($0): \(problem)" } ?? "\(file): \(problem)"
        }
    }
}

/// Everything the heuristic rater loads from `criteria/heuristic/`: the lexicon built from the
/// word lists, the scoring rules and a hash of the bytes of every file read.
struct HeuristicResources: Sendable {
    static let folder = "heuristic"
    static let files = [
        "scoring.json", "words.en.txt", "stopwords.tsv", "markers.tsv", "profanity.en.txt",
        "domains.tsv", "zh_common_chars.txt", "zh_bigrams.txt", "zh_traditional.tsv",
    ]

    var lexicon = Lexicon()
    var criteria: [CriterionRule] = []
    var overall: OverallRule
    var domain: DomainRule
    var version: String
    /// 16 hex digits over the names and bytes of the files above, in that order.
    var dataHash: String

    static func load(_ set: CriteriaSet) throws -> HeuristicResources {
        var contents: [String: Data] = [:]
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for name in files {
            let data = try set.data("\(folder)/\(name)")
            contents[name] = data
            for b in Array(name.utf8) + [0] { hash = (hash ^ UInt64(b)) &* 0x100_0000_01B3 }
            data.withUnsafeBytes { raw in for b in raw { hash = (hash ^ UInt64(b)) &* 0x100_0000_01B3 } }
        }
        func path(_ name: String) -> String { set.directory.appendingPathComponent("\(folder)/\(name)").path }
        func text(_ name: String) throws -> String {
            guard let t = String(data: contents[name]!, encoding: .utf8) else {
                throw HeuristicDataError(path(name), "is not valid UTF-8")
            }
            return t
        }

        let scoring = try ScoringFile.parse(
            contents["scoring.json"]!,
            path: path("scoring.json"),
            columns: Array(set.columns.dropLast())
        )
        var resources = HeuristicResources(
            criteria: scoring.criteria,
            overall: scoring.overall,
            domain: scoring.domain,
            version: scoring.version,
            dataHash: String(format: "%016llx", hash)
        )
        try resources.loadTraditional(text("zh_traditional.tsv"), path: path("zh_traditional.tsv"))
        try resources.loadWords(text("words.en.txt"), path: path("words.en.txt"))
        try resources.loadStopwords(text("stopwords.tsv"), path: path("stopwords.tsv"))
        try resources.loadMarkers(text("markers.tsv"), path: path("markers.tsv"))
        try resources.loadTerms(text("profanity.en.txt"), path: path("profanity.en.txt"), flags: .profanity)
        try resources.loadDomains(text("domains.tsv"), path: path("domains.tsv"), letters: set.domains.map(\.letter))
        try resources.loadCommonChars(text("zh_common_chars.txt"), path: path("zh_common_chars.txt"))
        try resources.loadBigrams(text("zh_bigrams.txt"), path: path("zh_bigrams.txt"))
        return resources
    }

    /// Non-empty, non-comment lines with their 1-based numbers.
    static func dataLines(_ text: String) -> [(Int, Substring)] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { i, raw in
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            return line.isEmpty || line.hasPrefix("#") ? nil : (i + 1, line)
        }
    }

    private mutating func loadWords(_ text: String, path: String) throws {
        for (n, line) in HeuristicResources.dataLines(text) {
            guard line.unicodeScalars.allSatisfy({ Scalars.classify($0.value) == .latin || $0.value == 0x27 }) else {
                throw HeuristicDataError(path, line: n, "'\(line)' is not a word of Latin letters")
            }
            lexicon.addDictionaryWord(String(line))
        }
    }

    private mutating func loadStopwords(_ text: String, path: String) throws {
        let languages = Dictionary(uniqueKeysWithValues: StopLanguage.allCases.map { ("\($0)", $0.rawValue) })
        for (n, line) in HeuristicResources.dataLines(text) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 2, !fields[1].isEmpty else {
                throw HeuristicDataError(path, line: n, "expected LANGUAGE<TAB>WORD")
            }
            if fields[0] == "zh" {
                guard fields[1].unicodeScalars.count == 1, let v = fields[1].unicodeScalars.first,
                    Scalars.classify(v.value) == .han
                else {
                    throw HeuristicDataError(path, line: n, "a zh function word must be one Chinese character")
                }
                lexicon.han.set(v.value, HanCharTable.function)
                continue
            }
            guard let bit = languages[String(fields[0])] else {
                throw HeuristicDataError(
                    path,
                    line: n,
                    "unknown language '\(fields[0])' (expected \(StopLanguage.allCases.map { "\($0)" }.joined(separator: ", ")), zh)"
                )
            }
            let keys = try keys(fields[1], path, n)
            lexicon.add(tokens: keys, flags: [], stopLanguages: UInt8(1 << bit))
        }
    }

    static let markerFlags: [String: LexFlags] = [
        "boilerplate": .boilerplate, "profanity": .profanity, "sensitive": .sensitive, "connective": .connective,
        "subordinator": .subordinator, "code_keyword": .codeKeyword, "novelty": .novelty, "expressive": .expressive,
        "math_term": .mathTerm,
    ]

    private mutating func loadMarkers(_ text: String, path: String) throws {
        for (n, line) in HeuristicResources.dataLines(text) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 2, let flag = HeuristicResources.markerFlags[String(fields[0])] else {
                throw HeuristicDataError(
                    path,
                    line: n,
                    "expected CATEGORY<TAB>TERM with CATEGORY one of \(HeuristicResources.markerFlags.keys.sorted().joined(separator: ", "))"
                )
            }
            lexicon.add(tokens: try keys(fields[1], path, n), flags: flag)
        }
    }

    private mutating func loadTerms(_ text: String, path: String, flags: LexFlags) throws {
        for (n, line) in HeuristicResources.dataLines(text) {
            lexicon.add(tokens: try keys(line, path, n), flags: flags)
        }
    }

    private mutating func loadDomains(_ text: String, path: String, letters: [String]) throws {
        for (n, line) in HeuristicResources.dataLines(text) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3 else {
                throw HeuristicDataError(path, line: n, "expected LETTER<TAB>WEIGHT<TAB>TERM")
            }
            guard let domain = letters.firstIndex(of: String(fields[0])) else {
                throw HeuristicDataError(path, line: n, "unknown domain letter '\(fields[0])' (expected A-O)")
            }
            guard let weight = Float(fields[1]), weight > 0, weight <= 10 else {
                throw HeuristicDataError(path, line: n, "weight '\(fields[1])' is not a number in (0, 10]")
            }
            let keys = try keys(fields[2], path, n)
            lexicon.addDomain(tokens: keys, weights: [DomainWeight(domain: UInt8(domain), weight: weight)])
        }
    }

    private mutating func loadCommonChars(_ text: String, path: String) throws {
        for (n, line) in HeuristicResources.dataLines(text) {
            for v in line.unicodeScalars where Scalars.classify(v.value) != .space {
                guard Scalars.classify(v.value) == .han else {
                    throw HeuristicDataError(
                        path,
                        line: n,
                        "U+\(String(v.value, radix: 16, uppercase: true)) is not a Chinese character"
                    )
                }
                lexicon.han.set(v.value, HanCharTable.common)
            }
        }
    }

    private mutating func loadTraditional(_ text: String, path: String) throws {
        for (n, line) in HeuristicResources.dataLines(text) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
            guard fields.count == 2, fields.allSatisfy({ $0.count == 1 && Scalars.classify($0[0].value) == .han })
            else {
                throw HeuristicDataError(
                    path,
                    line: n,
                    "expected TRADITIONAL<TAB>SIMPLIFIED, one Chinese character each"
                )
            }
            lexicon.han.setSimplified(fields[0][0].value, fields[1][0].value)
        }
    }

    private mutating func loadBigrams(_ text: String, path: String) throws {
        for (n, line) in HeuristicResources.dataLines(text) {
            let scalars = Array(line.unicodeScalars)
            guard scalars.count == 2, scalars.allSatisfy({ Scalars.classify($0.value) == .han }) else {
                throw HeuristicDataError(path, line: n, "'\(line)' is not two Chinese characters")
            }
            lexicon.addCommonBigram(scalars[0].value, scalars[1].value)
        }
    }

    func keys(_ term: Substring, _ path: String, _ line: Int) throws -> [UInt64] {
        guard let keys = lexicon.tokenKeys(String(term)) else {
            throw HeuristicDataError(path, line: line, "'\(term)' has no word or character to match")
        }
        return keys
    }
}
