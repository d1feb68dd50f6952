/// What a Unicode scalar is, as far as the heuristic signals care: its script for letters, and
/// a coarse class for everything else.
enum ScalarClass: UInt8 {
    case space, newline, control
    case latin, greek, cyrillic, arabic, hebrew, indic, thai, hangul, otherLetter
    case han, kana
    case digit
    /// `.` `!` `?` `…` and their CJK forms: end a sentence.
    case terminal
    /// Other punctuation: commas, quotes, brackets, dashes, CJK commas.
    case punct
    /// ASCII symbols used by code and markup, math operators, arrows, currency.
    case symbol
    case emoji
    /// U+FFFD and stray bytes that are not UTF-8: a sign of broken encoding.
    case invalid

    /// Letters of scripts written with spaces between words: one token per run.
    var isWordLetter: Bool { rawValue >= ScalarClass.latin.rawValue && rawValue <= ScalarClass.otherLetter.rawValue }
    /// Characters of scripts written without spaces: one token per character.
    var isCharacterToken: Bool { self == .han || self == .kana }
}

enum Scalars {
    /// Decodes one scalar at `i`; returns the scalar (U+FFFD for a bad sequence) and its byte length.
    @inline(__always)
    static func decode(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let b0 = UInt32(p[i])
        if b0 < 0x80 { return (b0, 1) }
        let n = p.count
        if b0 >= 0xC2 && b0 < 0xE0, i + 1 < n {
            let b1 = UInt32(p[i + 1])
            if b1 & 0xC0 == 0x80 { return (((b0 & 0x1F) << 6) | (b1 & 0x3F), 2) }
        } else if b0 >= 0xE0 && b0 < 0xF0, i + 2 < n {
            let b1 = UInt32(p[i + 1])
            let b2 = UInt32(p[i + 2])
            if b1 & 0xC0 == 0x80 && b2 & 0xC0 == 0x80 {
                let v = ((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F)
                if v >= 0x800 && !(0xD800...0xDFFF).contains(v) { return (v, 3) }
            }
        } else if b0 >= 0xF0 && b0 < 0xF5, i + 3 < n {
            let b1 = UInt32(p[i + 1])
            let b2 = UInt32(p[i + 2])
            let b3 = UInt32(p[i + 3])
            if b1 & 0xC0 == 0x80 && b2 & 0xC0 == 0x80 && b3 & 0xC0 == 0x80 {
                let v = ((b0 & 0x07) << 18) | ((b1 & 0x3F) << 12) | ((b2 & 0x3F) << 6) | (b3 & 0x3F)
                if v >= 0x10000 && v <= 0x10FFFF { return (v, 4) }
            }
        }
        return (0xFFFD, 1)
    }

    @inline(__always)
    static func classify(_ v: UInt32) -> ScalarClass {
        if v < 0x80 { return asciiClass(v) }
        switch v {
        case 0xA0, 0x2000...0x200B, 0x202F, 0x205F, 0x3000, 0xFEFF: return .space
        case 0x85, 0x2028, 0x2029: return .newline
        case 0x80...0x9F: return .control
        case 0xD7, 0xF7: return .symbol
        case 0xC0...0x24F, 0x1E00...0x1EFF: return .latin
        case 0xA1...0xBF:
            return v == 0xAA || v == 0xBA
                ? .latin : (v == 0xA1 || v == 0xBF || v == 0xAB || v == 0xBB || v == 0xB7 ? .punct : .symbol)
        case 0x250...0x2AF: return .latin
        case 0x2B0...0x36F: return .latin
        case 0x370...0x3FF, 0x1F00...0x1FFF: return .greek
        case 0x400...0x52F: return .cyrillic
        case 0x590...0x5FF: return .hebrew
        case 0x600...0x6FF, 0x750...0x77F, 0xFB50...0xFDFF, 0xFE70...0xFEFE: return .arabic
        case 0x900...0xDFF: return .indic
        case 0xE00...0xE7F: return .thai
        case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: return .hangul
        case 0x2010...0x2025, 0x2027, 0x2030...0x205E: return .punct
        case 0x2026: return .terminal
        case 0x2070...0x20CF, 0x2100...0x23FF, 0x2500...0x25FF, 0x2900...0x2BFF: return .symbol
        case 0x2600...0x27BF: return .emoji
        case 0x3002, 0xFF01, 0xFF1F, 0xFF0E, 0xFF61: return .terminal
        case 0x3001...0x303F, 0xFE10...0xFE1F, 0xFE30...0xFE4F: return .punct
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: return .kana
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FFFF: return .han
        case 0xFF10...0xFF19: return .digit
        case 0xFF21...0xFF3A, 0xFF41...0xFF5A: return .latin
        case 0xFF00...0xFF0F, 0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65: return .punct
        case 0xFFFD: return .invalid
        case 0xFE00...0xFE0F, 0x1F000...0x1FAFF: return .emoji
        case 0x200C, 0x200D: return .emoji
        default:
            return v < 0x3000 ? .symbol : .otherLetter
        }
    }

    /// Simple lower-casing for the scripts the word lists use (ASCII, Latin-1, Greek, Cyrillic, fullwidth).
    @inline(__always)
    static func lowercased(_ v: UInt32) -> UInt32 {
        if v < 0x80 { return (v >= 0x41 && v <= 0x5A) ? v + 0x20 : v }
        switch v {
        case 0xC0...0xDE where v != 0xD7: return v + 0x20
        case 0x391...0x3A9: return v + 0x20
        case 0x410...0x42F: return v + 0x20
        case 0x400...0x40F: return v + 0x50
        case 0xFF21...0xFF3A: return v - 0xFEE0 + 0x20
        case 0xFF41...0xFF5A: return v - 0xFEE0
        case 0x2019: return 0x27
        default: return v
        }
    }

    @inline(__always)
    static func isUpper(_ v: UInt32) -> Bool {
        (v >= 0x41 && v <= 0x5A) || (v >= 0xC0 && v <= 0xDE && v != 0xD7) || (v >= 0x391 && v <= 0x3A9)
            || (v >= 0x400 && v <= 0x42F) || (v >= 0xFF21 && v <= 0xFF3A)
    }

    @inline(__always)
    static func asciiClass(_ c: UInt32) -> ScalarClass {
        switch c {
        case 0x61...0x7A, 0x41...0x5A: return .latin
        case 0x20, 0x09, 0x0D, 0x0B, 0x0C: return .space
        case 0x0A: return .newline
        case 0x30...0x39: return .digit
        case 0x21, 0x2E, 0x3F: return .terminal
        case 0x22, 0x27, 0x28, 0x29, 0x2C, 0x2D, 0x3A, 0x3B, 0x5B, 0x5D: return .punct
        case 0..<0x20, 0x7F: return .control
        default: return .symbol
        }
    }
}
