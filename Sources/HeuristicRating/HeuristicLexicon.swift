/// What a word, CJK bigram or phrase is known to be. One lexicon entry carries every list the
/// word is on, so the lexical pass needs one probe per token.
struct LexFlags: OptionSet, Sendable {
    let rawValue: UInt16
    /// In the English word list (spelling).
    static let dictionary = LexFlags(rawValue: 1 << 0)
    /// A proper prefix of a longer phrase in some list: the lexical pass extends the match.
    static let phrasePrefix = LexFlags(rawValue: 1 << 2)
    static let boilerplate = LexFlags(rawValue: 1 << 3)
    static let profanity = LexFlags(rawValue: 1 << 4)
    static let sensitive = LexFlags(rawValue: 1 << 5)
    static let connective = LexFlags(rawValue: 1 << 6)
    static let codeKeyword = LexFlags(rawValue: 1 << 7)
    static let novelty = LexFlags(rawValue: 1 << 8)
    static let expressive = LexFlags(rawValue: 1 << 9)
    static let subordinator = LexFlags(rawValue: 1 << 10)
    static let mathTerm = LexFlags(rawValue: 1 << 11)
}

/// The languages the stop-word lists cover, as bits of `LexEntry.stopLanguages`.
enum StopLanguage: Int, CaseIterable {
    case en, fr, de, es, it, pt, nl
    static let english: UInt8 = 1
}

struct LexEntry: Sendable {
    var flags = LexFlags()
    var stopLanguages: UInt8 = 0
    var domainCount: UInt8 = 0
    var domainStart: UInt32 = 0
}

struct DomainWeight: Sendable {
    var domain: UInt8
    var weight: Float
}

/// Per-character facts for the CJK Unified Ideographs (U+3400-U+9FFF), in a flat byte table.
struct HanCharTable: Sendable {
    static let low: UInt32 = 0x3400
    static let high: UInt32 = 0xA000
    static let common: UInt8 = 1
    static let function: UInt8 = 2

    private var bits = [UInt8](repeating: 0, count: Int(high - low))
    /// Traditional characters' simplified forms (0 where none): Chinese is matched in simplified form.
    private var simplifiedForms = [UInt16](repeating: 0, count: Int(high - low))

    /// The facts for a character, by its simplified form.
    @inline(__always)
    func flags(_ v: UInt32) -> UInt8 {
        guard v >= HanCharTable.low && v < HanCharTable.high else { return 0 }
        let s = simplifiedForms[Int(v - HanCharTable.low)]
        return bits[s == 0 ? Int(v - HanCharTable.low) : Int(s)]
    }

    mutating func set(_ v: UInt32, _ flag: UInt8) {
        if v >= HanCharTable.low && v < HanCharTable.high { bits[Int(v - HanCharTable.low)] |= flag }
    }

    @inline(__always)
    func simplified(_ v: UInt32) -> UInt32 {
        guard v >= HanCharTable.low && v < HanCharTable.high else { return v }
        let s = simplifiedForms[Int(v - HanCharTable.low)]
        return s == 0 ? v : UInt32(s) + HanCharTable.low
    }

    mutating func setSimplified(_ traditional: UInt32, _ simplified: UInt32) {
        guard traditional >= HanCharTable.low && traditional < HanCharTable.high,
            simplified >= HanCharTable.low && simplified < HanCharTable.high
        else { return }
        simplifiedForms[Int(traditional - HanCharTable.low)] = UInt16(simplified - HanCharTable.low)
    }
}

/// Every word list, phrase list and domain lexicon, keyed by token-sequence key.
struct Lexicon: Sendable {
    private(set) var table = KeyTable<LexEntry>(minimumCapacity: 1 << 16, filler: LexEntry())
    private(set) var domainWeights: [DomainWeight] = []
    /// One-letter deletions of dictionary words of 4+ letters: with the dictionary itself they find
    /// words one edit away from a known word (SymSpell's deletion neighbourhood).
    private(set) var deletions = KeySet(minimumCapacity: 1 << 19)
    /// Common pairs of Chinese characters (simplified), apart from the word lexicon so that English
    /// text probes a table that stays in cache.
    private(set) var commonBigrams = KeySet(minimumCapacity: 1 << 18)
    var han = HanCharTable()

    @inline(__always)
    func entry(_ key: UInt64) -> LexEntry? { table.value(for: key) }

    /// The tokens of a term as the scanner cuts them; nil when the term has none.
    func tokenKeys(_ term: String) -> [UInt64]? {
        var bytes = Array(term.utf8)
        let scanned = bytes.withUnsafeMutableBufferPointer {
            Scanner.scan(UnsafeBufferPointer($0), fullBytes: $0.count, han: han)
        }
        let keys = scanned.tokens.map(\.key)
        return keys.isEmpty ? nil : keys
    }

    static func sequenceKey(_ keys: [UInt64]) -> UInt64 {
        var k = keys[0]
        for next in keys.dropFirst() { k = TokenKey.extend(k, next) }
        return k
    }

    /// Adds `flags` (and stop languages) to the entry for a term, marking its prefixes.
    mutating func add(tokens keys: [UInt64], flags: LexFlags, stopLanguages: UInt8 = 0) {
        let s = slot(for: keys)
        table.update(slot: s) {
            $0.flags.formUnion(flags)
            $0.stopLanguages |= stopLanguages
        }
    }

    mutating func addDomain(tokens keys: [UInt64], weights: [DomainWeight]) {
        let s = slot(for: keys)
        var entry = table[slot: s]
        // A term listed under several domains keeps all of them in one contiguous run.
        let existing =
            entry.domainCount > 0
            ? Array(domainWeights[Int(entry.domainStart)..<Int(entry.domainStart) + Int(entry.domainCount)]) : []
        entry.domainStart = UInt32(domainWeights.count)
        domainWeights.append(contentsOf: existing + weights)
        entry.domainCount = UInt8(min(existing.count + weights.count, 15))
        table[slot: s] = entry
    }

    mutating func addDictionaryWord(_ word: String) {
        let scalars = word.unicodeScalars.map { Scalars.lowercased($0.value) }
        guard !scalars.isEmpty else { return }
        var h: UInt64 = 0
        for v in scalars { h = TokenKey.step(h, v) }
        let key = TokenKey.word(polynomial: h, length: scalars.count)
        let s = table.slotInserting(key)
        table.update(slot: s) { $0.flags.insert(.dictionary) }
        if scalars.count >= 4 {
            Spelling.forEachDeletion(of: scalars) { deletions.insert($0) }
        }
    }

    mutating func addCommonBigram(_ first: UInt32, _ second: UInt32) {
        commonBigrams.insert(
            TokenKey.extend(TokenKey.character(han.simplified(first)), TokenKey.character(han.simplified(second)))
        )
    }

    private mutating func slot(for keys: [UInt64]) -> Int {
        var k = keys[0]
        for n in 1..<max(keys.count, 1) {
            let prefix = table.slotInserting(k)
            table.update(slot: prefix) { $0.flags.insert(.phrasePrefix) }
            k = TokenKey.extend(k, keys[n])
        }
        return table.slotInserting(k)
    }
}
