/// DataMan's preparation of a document before its rater prompt, as its reference annotation script
/// (`dataman_annotate.py`, `preprocess_worker`) does it:
/// 1. remove a leading quoted ellipsis and every markdown image link followed by a newline;
/// 2. over `characterLimit` Unicode scalars (Python characters): tokenize the first and the last half
///    separately and join the tokens;
/// 3. over `tokenLimit` tokens: keep the first half, the token string `...`, and the last half;
/// 4. decode the tokens back to text and strip whitespace as Python's `str.strip()` does.
/// The tokenizer is the rater's (Qwen2: `Tokenizer.named("qwen2")`).
public struct DataManTruncation: Sendable, Equatable {
    /// Characters (Unicode scalars) kept before tokenizing: 20,000 for English, 60,000 for Chinese.
    public var characterLimit: Int
    /// Tokens kept: 1,894 (947 + 947) for English, 1,896 for Chinese.
    public var tokenLimit: Int

    /// The settings of DataMan's English models.
    public static let english = DataManTruncation(characterLimit: 20_000, tokenLimit: 1_894)
    /// The settings of DataMan's Chinese models.
    public static let chinese = DataManTruncation(characterLimit: 60_000, tokenLimit: 1_896)

    /// Both limits must be at least 2 (the halves of smaller limits are not meaningful in the reference).
    public init(characterLimit: Int, tokenLimit: Int) {
        precondition(characterLimit >= 2 && tokenLimit >= 2, "DataManTruncation limits must be at least 2")
        self.characterLimit = characterLimit
        self.tokenLimit = tokenLimit
    }

    /// The text the rater sees.
    public func prepare(_ text: String, with tokenizer: Tokenizer) -> String {
        let cleaned = Self.removeNoise(text)
        let scalars = cleaned.unicodeScalars
        var ids: [Int]
        if scalars.count > characterLimit {
            // Python: text[:limit // 2] and text[-limit // 2:], where -limit // 2 rounds down.
            let head = String(scalars[..<scalars.index(scalars.startIndex, offsetBy: characterLimit / 2)])
            let tail = String(scalars[scalars.index(scalars.endIndex, offsetBy: -Self.upperHalf(characterLimit))...])
            ids = tokenizer.encode(head) + tokenizer.encode(tail)
        } else {
            ids = tokenizer.encode(cleaned)
        }
        let decoded: String
        if ids.count > tokenLimit {
            decoded = tokenizer.decode(
                ids[..<(tokenLimit / 2)],
                separator: "...",
                ids[(ids.count - Self.upperHalf(tokenLimit))...]
            )
        } else {
            decoded = tokenizer.decode(ids)
        }
        return Self.pythonStrip(decoded)
    }

    private static func upperHalf(_ limit: Int) -> Int { limit - limit / 2 }

    /// `re.sub(r'^["“”]…+["“”]|^["“”]\.\.\.+["“”]', '', text)` then `re.sub(r"!\[\]\([\/]?[^\)]+\)\n", '', text)`.
    /// Every pattern byte is ASCII or a whole UTF-8 sequence, and `)` never occurs inside a multi-byte
    /// sequence, so matching on UTF-8 bytes is matching on characters.
    static func removeNoise(_ text: String) -> String {
        var bytes = Array(text.utf8)
        bytes.removeFirst(leadingQuotedEllipsisLength(bytes))
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if let end = imageLinkEnd(bytes, at: index) {
                index = end
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static let quotes: [[UInt8]] = [[0x22], Array("“".utf8), Array("”".utf8)]
    private static let ellipsis = Array("…".utf8)

    private static func leadingQuotedEllipsisLength(_ bytes: [UInt8]) -> Int {
        guard let open = quoteLength(bytes, at: 0) else { return 0 }
        // ["“”]…+["“”]
        var index = open
        while hasPrefix(bytes, ellipsis, at: index) { index += ellipsis.count }
        if index > open, let close = quoteLength(bytes, at: index) { return index + close }
        // ["“”]\.\.\.+["“”]
        index = open
        while index < bytes.count && bytes[index] == UInt8(ascii: ".") { index += 1 }
        if index - open >= 3, let close = quoteLength(bytes, at: index) { return index + close }
        return 0
    }

    private static func quoteLength(_ bytes: [UInt8], at index: Int) -> Int? {
        quotes.first { hasPrefix(bytes, $0, at: index) }?.count
    }

    private static func hasPrefix(_ bytes: [UInt8], _ prefix: [UInt8], at index: Int) -> Bool {
        index + prefix.count <= bytes.count && bytes[index..<(index + prefix.count)].elementsEqual(prefix)
    }

    private static let linkStart = Array("![](".utf8)

    /// `!\[\]\(` then one or more characters other than `)`, then `)` and a newline.
    private static func imageLinkEnd(_ bytes: [UInt8], at index: Int) -> Int? {
        guard bytes[index] == UInt8(ascii: "!"), hasPrefix(bytes, linkStart, at: index) else { return nil }
        let contentStart = index + linkStart.count
        var close = contentStart
        while close < bytes.count && bytes[close] != UInt8(ascii: ")") { close += 1 }
        guard close > contentStart, close + 1 < bytes.count, bytes[close + 1] == 0x0A else { return nil }
        return close + 2
    }

    /// Python's `str.strip()`: removes the characters `str.isspace()` accepts (which include U+001C to
    /// U+001F, unlike Unicode's White_Space) from both ends.
    static func pythonStrip(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isPythonSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isPythonSpace($0) })!
        return String(scalars[first...last])
    }

    private static func isPythonSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }
}
