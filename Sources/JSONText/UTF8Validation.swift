/// UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates, nothing above U+10FFFF (what Python's decoder accepts).
enum UTF8Validation {
    /// The index of the first byte in `from..<to` that starts an invalid sequence, or nil when all of it is valid.
    static func firstInvalid(_ bytes: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        var i = from
        while i < to {
            if i + 8 <= to, UnsafeRawPointer(bytes + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let lead = bytes[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            let trailing: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: trailing = 1
            case 0xE0:
                trailing = 2
                low = 0xA0
            case 0xED:
                trailing = 2
                high = 0x9F
            case 0xE1...0xEF: trailing = 2
            case 0xF0:
                trailing = 3
                low = 0x90
            case 0xF4:
                trailing = 3
                high = 0x8F
            case 0xF1...0xF3: trailing = 3
            default: return i
            }
            guard i + trailing < to, (low...high).contains(bytes[i + 1]) else { return i }
            if trailing >= 2, bytes[i + 2] & 0xC0 != 0x80 { return i }
            if trailing == 3, bytes[i + 3] & 0xC0 != 0x80 { return i }
            i += trailing + 1
        }
        return nil
    }
}
