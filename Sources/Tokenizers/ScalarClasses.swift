/// The Unicode properties the pre-tokenizer patterns and the NFC quick check ask about, one byte per
/// scalar, looked up in a two-stage table (256-scalar blocks, identical blocks shared) so the scanners
/// never call into the standard library's property lookups in their hot loop.
struct ScalarClasses: Sendable {
    static let letter: UInt8 = 1 << 0  // \p{L}
    static let number: UInt8 = 1 << 1  // \p{N}
    static let whitespace: UInt8 = 1 << 2  // \s, the White_Space property (Oniguruma and Rust regex agree)
    static let mark: UInt8 = 1 << 3  // \p{M}
    static let upperish: UInt8 = 1 << 4  // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}] (o200k's first letter class)
    static let lowerish: UInt8 = 1 << 5  // [\p{Ll}\p{Lm}\p{Lo}\p{M}] (o200k's second letter class)
    /// Set where NFC might change the text: a scalar that is not NFC_QC=Yes with combining class 0.
    static let nfcUnsafe: UInt8 = 1 << 6

    /// Built once per process from the standard library's Unicode data.
    static let shared = ScalarClasses()

    /// Block index per 256 scalars, then the shared blocks' flag bytes.
    let blockIndex: [UInt16]
    let blocks: [UInt8]

    private init() {
        var blockIndex = [UInt16](repeating: 0, count: 0x110000 >> 8)
        var blocks: [UInt8] = []
        var seen: [[UInt8]: UInt16] = [:]
        var block = [UInt8](repeating: 0, count: 256)
        for blockNumber in 0..<(0x110000 >> 8) {
            // Planes 4-13 are unassigned and planes 15-16 are private use: no flags, no lookups.
            let plane = blockNumber >> 8
            let assigned = plane < 4 || plane == 14
            for low in 0..<256 {
                block[low] = assigned ? Self.computeFlags(UInt32(blockNumber << 8 | low)) : 0
            }
            if let existing = seen[block] {
                blockIndex[blockNumber] = existing
            } else {
                let index = UInt16(blocks.count >> 8)
                seen[block] = index
                blocks.append(contentsOf: block)
                blockIndex[blockNumber] = index
            }
        }
        self.blockIndex = blockIndex
        self.blocks = blocks
    }

    func flags(_ scalar: UInt32) -> UInt8 {
        blocks[Int(blockIndex[Int(scalar >> 8)]) << 8 | Int(scalar & 0xFF)]
    }

    private static func computeFlags(_ value: UInt32) -> UInt8 {
        guard let scalar = Unicode.Scalar(value) else { return 0 }  // surrogates never reach the scanners
        let properties = scalar.properties
        var flags: UInt8 = 0
        switch properties.generalCategory {
        case .uppercaseLetter, .titlecaseLetter:
            flags = letter | upperish
        case .lowercaseLetter:
            flags = letter | lowerish
        case .modifierLetter, .otherLetter:
            flags = letter | upperish | lowerish
        case .nonspacingMark, .spacingMark, .enclosingMark:
            flags = mark | upperish | lowerish
        case .decimalNumber, .letterNumber, .otherNumber:
            flags = number
        default:
            break
        }
        if properties.isWhitespace { flags |= whitespace }
        if mayChangeUnderNFC(value, properties) { flags |= nfcUnsafe }
        return flags
    }

    /// A superset of the scalars whose NFC quick-check value is not "Yes" or whose combining class is
    /// not 0: NFC_QC=No is exactly Full_Composition_Exclusion, and every NFC_QC=Maybe scalar (the second
    /// half of a primary composite) is a combining mark or a Hangul vowel/trailing jamo.
    private static func mayChangeUnderNFC(_ value: UInt32, _ properties: Unicode.Scalar.Properties) -> Bool {
        if value < 0x300 { return false }
        if properties.canonicalCombiningClass != .notReordered { return true }
        if properties.isFullCompositionExclusion { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: break
        }
        return (0x1160...0x11FF).contains(value) || (0xD7B0...0xD7FF).contains(value)
    }
}
