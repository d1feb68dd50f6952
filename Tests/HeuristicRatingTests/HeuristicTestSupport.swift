import Criteria
import Foundation
import SplitMix

@testable import HeuristicRating

/// Shared set-up for the heuristic rater tests: the rater over the repository's criteria folder,
/// the fixture texts, and seeded degradations of a text.
enum HeuristicFixtures {
    static let criteria: CriteriaSet = try! CriteriaSet.load()
    static let rater: HeuristicRater = try! HeuristicRater(criteria: criteria)

    static func text(_ name: String) throws -> String {
        guard let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw FixtureError(
                message:
                    "the Fixtures folder is not in the test bundle (HeuristicRatingTests needs resources: [.copy(\"Fixtures\")])"
            )
        }
        return try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    static func column(_ name: String) -> Int { criteria.columns.firstIndex(of: name)! }
    static func domain(_ name: String) -> Int { criteria.domainIndex(name: name)! }
}

struct FixtureError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// The degradations of the evaluation script (scripts/eval/rater_eval.py), in Swift.
enum Degrade {
    static func sentences(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        let scalars = Array(text.unicodeScalars)
        for (i, s) in scalars.enumerated() {
            current.unicodeScalars.append(s)
            let end =
                ".!?".unicodeScalars.contains(s)
                && (i + 1 == scalars.count || scalars[i + 1] == " " || scalars[i + 1] == "\n")
            if end || "。！？".unicodeScalars.contains(s) {
                let trimmed = current.trimmingCharacters(in: .whitespacesAndNewlines)
                if !trimmed.isEmpty { out.append(trimmed) }
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { out.append(rest) }
        return out
    }

    static func isChinese(_ text: String) -> Bool {
        text.unicodeScalars.filter { (0x4E00...0x9FFF).contains($0.value) }.count * 5 > text.unicodeScalars.count
    }

    static func shuffle(_ text: String, seed: UInt64) -> String {
        var g = SplitMix64Generator(state: seed)
        return sentences(text).shuffled(using: &g).joined(separator: isChinese(text) ? "" : " ")
    }

    /// Duplicates 30-50% of the non-empty lines in place.
    static func repeatLines(_ text: String, seed: UInt64) -> String {
        var g = SplitMix64Generator(state: seed)
        let share = Double.random(in: 0.3...0.5, using: &g)
        var out: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            out.append(line)
            if !line.trimmingCharacters(in: .whitespaces).isEmpty && Double.random(in: 0..<1, using: &g) < share {
                out.append(line)
            }
        }
        return out.joined(separator: "\n")
    }

    /// Splices foreign sentences after random sentence ends.
    static func mix(_ text: String, foreign: [String], seed: UInt64) -> String {
        var g = SplitMix64Generator(state: seed)
        var parts = sentences(text)
        for f in foreign.shuffled(using: &g).prefix(4) {
            parts.insert(f, at: Int.random(in: 0...parts.count, using: &g))
        }
        return parts.joined(separator: isChinese(text) ? "" : " ")
    }

    static func boilerplate(_ text: String) -> String {
        let links = (1...8).map { "- https://www.example.com/news/\(1000 + $0 * 37).html" }.joined(separator: "\n")
        if isChinese(text) {
            return "首页 | 关于我们 | 新闻动态 | 联系我们\n您当前的位置：首页 > 资讯 > 正文\n\n" + text
                + "\n\n相关文章：\n" + links + "\n版权所有 © 2023 示例网 保留所有权利\n返回顶部\n"
        }
        return "Home | About Us | Blog | Contact | Login\nSkip to main content\n\n" + text
            + "\n\nRelated posts:\n" + links + "\nWe use cookies to improve your experience. Accept all cookies.\n"
            + "Copyright © 2023 Example Media. All rights reserved.\nPrivacy Policy | Terms of Use | Sitemap\nBack to top\n"
    }

    /// Swaps, deletes or substitutes a character in 5-10% of the words (Chinese: of the characters).
    static func typos(_ text: String, seed: UInt64) -> String {
        var g = SplitMix64Generator(state: seed)
        let rate = Double.random(in: 0.05...0.10, using: &g)
        if isChinese(text) {
            var chars = Array(text.unicodeScalars)
            let han = chars.indices.filter { (0x4E00...0x9FFF).contains(chars[$0].value) }
            for i in han where Double.random(in: 0..<1, using: &g) < rate / 1.7 {
                switch Int.random(in: 0..<3, using: &g) {
                case 0 where i + 1 < chars.count: chars.swapAt(i, i + 1)
                case 1: chars[i] = "\u{200B}"
                default: chars[i] = chars[han.randomElement(using: &g)!]
                }
            }
            var out = String.UnicodeScalarView()
            out.append(contentsOf: chars.filter { $0 != "\u{200B}" })
            return String(out)
        }
        var out = ""
        var word: [Character] = []
        func flush() {
            if word.count >= 3 && Double.random(in: 0..<1, using: &g) < rate {
                let i = Int.random(in: 0..<(word.count - 1), using: &g)
                switch Int.random(in: 0..<3, using: &g) {
                case 0: word.swapAt(i, i + 1)
                case 1: word.remove(at: i)
                default: word[i] = "qxzjkvw".randomElement(using: &g)!
                }
            }
            out.append(contentsOf: word)
            word.removeAll()
        }
        for c in text {
            if c.isASCII && c.isLetter {
                word.append(c)
            } else {
                flush()
                out.append(c)
            }
        }
        flush()
        return out
    }
}
