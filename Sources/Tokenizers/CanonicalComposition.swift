import Foundation

/// NFC for the tokenizers whose files ask for it (Qwen2). Almost all text is already NFC, which a quick
/// check over the property table proves without allocating; only text holding a scalar that might
/// change (combining marks, compatibility ideographs, decomposed jamo) is normalized for real.
enum CanonicalComposition {
    /// Whether NFC could change `text` (false means it certainly does not).
    static func mightChange(_ text: UnsafeBufferPointer<UInt8>, classes: ScalarClasses) -> Bool {
        var index = 0
        let count = text.count
        guard let base = text.baseAddress else { return false }
        while index < count {
            // Skip ASCII eight bytes at a time: nothing below U+0300 changes under NFC.
            if index + 8 <= count,
                UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                index += 8
                continue
            }
            let lead = base[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let value: UInt32
            let length: Int
            if lead < 0xE0 {
                value = UInt32(lead & 0x1F) << 6 | UInt32(base[index + 1] & 0x3F)
                length = 2
            } else if lead < 0xF0 {
                value = UInt32(lead & 0x0F) << 12 | UInt32(base[index + 1] & 0x3F) << 6 | UInt32(base[index + 2] & 0x3F)
                length = 3
            } else {
                value =
                    UInt32(lead & 0x07) << 18 | UInt32(base[index + 1] & 0x3F) << 12
                    | UInt32(base[index + 2] & 0x3F) << 6 | UInt32(base[index + 3] & 0x3F)
                length = 4
            }
            if classes.flags(value) & ScalarClasses.nfcUnsafe != 0 { return true }
            index += length
        }
        return false
    }

    /// The NFC form of valid UTF-8 `text`.
    static func normalize(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        Array(String(decoding: text, as: UTF8.self).precomposedStringWithCanonicalMapping.utf8)
    }
}
