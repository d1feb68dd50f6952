/// Error rows counted by what went wrong. Messages name lines and byte offsets, so they are
/// counted by their shape: digit runs become `#` ("bad record: not JSON at byte #"), and at most
/// `limit` shapes are kept, the rarest folded into `otherKey`, so a corpus of broken records still
/// needs bounded memory.
public struct ErrorTally: Sendable, Equatable, Codable {
    public private(set) var counts: [String: Int64] = [:]

    public static let limit = 64
    public static let otherKey = "(other errors)"
    static let maxMessageLength = 120

    public init() {}

    public var total: Int64 { counts.values.reduce(0, +) }

    public mutating func add(message: String, count: Int64 = 1) {
        add(shape: Self.shape(message), count: count)
    }

    public mutating func merge(_ other: ErrorTally) {
        for (shape, count) in other.counts { add(shape: shape, count: count) }
    }

    /// Largest first, then alphabetical.
    public var sorted: [(message: String, count: Int64)] {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    private mutating func add(shape: String, count: Int64) {
        counts[shape, default: 0] += count
        guard counts.count > Self.limit else { return }
        // Fold the rarest shape (not the fold itself) so the total is kept exactly.
        let rarest = counts.filter { $0.key != Self.otherKey }
            .min { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }!
        counts[rarest.key] = nil
        counts[Self.otherKey, default: 0] += rarest.value
    }

    static func shape(_ message: String) -> String {
        var out = ""
        var inDigits = false
        for character in message.prefix(maxMessageLength) {
            if character.isASCII, character.isNumber {
                if !inDigits { out.append("#") }
                inDigits = true
            } else {
                out.append(character)
                inDigits = false
            }
        }
        return message.count > maxMessageLength ? out + "…" : out
    }
}
