/// A documented estimate of Qwen2-style BPE counts, used until an exact tokenizer is chosen:
/// one token per 4 bytes of ASCII text and 0.7 tokens per non-ASCII character (CJK text averages
/// about 1.4 characters per Qwen2 token). Named `estimate-v1` in the provenance so nobody mistakes it
/// for an exact count.
public struct EstimatedTokenCounter: TokenCounter {
    public init() {}

    public var name: String { "estimate-v1" }
    public var vocabularyHash: String { "ascii/4+nonascii*0.7" }

    public func count(_ text: String) -> Int {
        var contiguous = text
        let (asciiBytes, otherCharacters) = contiguous.withUTF8 { Self.tally(UnsafeRawBufferPointer($0)) }
        let estimate = (Double(asciiBytes) / 4 + Double(otherCharacters) * 0.7).rounded(.up)
        return text.isEmpty ? 0 : max(1, Int(estimate))
    }

    /// ASCII bytes and UTF-8 lead bytes of multi-byte characters (0xC0 and above), 16 bytes a step
    /// in byte-wide lane counters that are widened before they can overflow: counting runs at
    /// memory speed instead of showing in the profile of `--tokenizer estimate` reading.
    static func tally(_ bytes: UnsafeRawBufferPointer) -> (ascii: Int, leads: Int) {
        var high = 0
        var leads = 0
        var index = 0
        if let base = bytes.baseAddress {
            while index + 16 <= bytes.count {
                var highLanes = SIMD16<UInt8>()
                var leadLanes = SIMD16<UInt8>()
                let stop = min(bytes.count, index + 16 * 255)
                while index + 16 <= stop {
                    let top = base.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self) &>> 6
                    highLanes &+= top &>> 1
                    leadLanes &+= (top &>> 1) & top
                    index += 16
                }
                high += Int(SIMD16<UInt16>(truncatingIfNeeded: highLanes).wrappedSum())
                leads += Int(SIMD16<UInt16>(truncatingIfNeeded: leadLanes).wrappedSum())
            }
        }
        for byte in bytes[index...] {
            high += Int(byte >> 7)
            leads += byte >= 0xC0 ? 1 : 0
        }
        return (bytes.count - high, leads)
    }
}
