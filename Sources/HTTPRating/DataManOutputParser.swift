import Criteria
import Rating

/// A valid answer to one of DataMan's prompts.
public enum DataManAnswer: Sendable, Equatable {
    /// all_rating or the super rater: 14 ratings and a domain.
    case ratings(Ratings)
    /// score_only: the overall score.
    case score(Int8)
    /// domain_only: the domain index 0-14 (A-O).
    case domain(Int)
}

/// Checks a model's answer against the format its prompt asks for. Anything else is invalid and is
/// re-asked or recorded as an error; nothing is guessed.
public struct DataManOutputParser: Sendable {
    public let kind: DataManPromptKind

    public init(kind: DataManPromptKind) { self.kind = kind }

    /// The answer, or why the output is not one.
    public func parse(_ output: String) -> Result<DataManAnswer, DataManInvalidOutput> {
        let bytes = Array(output.utf8)
        switch kind {
        case .allRating: return parseAllRating(Self.trimmed(bytes))
        case .scoreOnly:
            let body = Self.trimmed(bytes)
            guard body.count == 1, let score = Self.score(body[body.startIndex]) else {
                return .failure(.init("score_only wants one digit 1-5, got \(Self.quote(output))"))
            }
            return .success(.score(score))
        case .domainOnly:
            let body = Self.trimmed(bytes)
            guard body.count == 1, let domain = Self.domain(body[body.startIndex]) else {
                return .failure(.init("domain_only wants one letter A-O, got \(Self.quote(output))"))
            }
            return .success(.domain(domain))
        case .superRater: return DataManSuperParser.parse(output)
        }
    }

    /// 15 lines: the domain letter, then the 14 ratings in criteria order.
    private func parseAllRating(_ body: ArraySlice<UInt8>) -> Result<DataManAnswer, DataManInvalidOutput> {
        let lines = body.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.count == CriteriaSet.criterionCount + 1 else {
            return .failure(
                .init(
                    "all_rating wants 15 lines, got \(lines.count): \(Self.quote(String(decoding: body, as: UTF8.self)))"
                )
            )
        }
        guard lines[0].count == 1, let domain = Self.domain(lines[0].first!) else {
            return .failure(
                .init("line 1 is not a domain letter A-O: \(Self.quote(String(decoding: lines[0], as: UTF8.self)))")
            )
        }
        var scores: [Int8] = []
        scores.reserveCapacity(CriteriaSet.criterionCount)
        for (offset, line) in lines.dropFirst().enumerated() {
            guard line.count == 1, let score = Self.score(line.first!) else {
                return .failure(
                    .init(
                        "line \(offset + 2) is not a rating 1-5: \(Self.quote(String(decoding: line, as: UTF8.self)))"
                    )
                )
            }
            scores.append(score)
        }
        return .success(.ratings(Ratings(scores: scores, domain: domain)))
    }

    static func score(_ byte: UInt8) -> Int8? {
        (UInt8(ascii: "1")...UInt8(ascii: "5")).contains(byte) ? Int8(byte - UInt8(ascii: "0")) : nil
    }

    static func domain(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "A")...UInt8(ascii: "O")).contains(byte) ? Int(byte - UInt8(ascii: "A")) : nil
    }

    /// Without the spaces and newlines a server may leave around the answer.
    static func trimmed(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }) else { return [] }
        let last = bytes.lastIndex(where: { !isSpace($0) })!
        return bytes[first...last]
    }

    static func quote(_ text: String) -> String {
        let short = text.count > 80 ? String(text.prefix(80)) + "…" : text
        return "\"" + short.replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}

/// Why an output was rejected, for the error row.
public struct DataManInvalidOutput: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
