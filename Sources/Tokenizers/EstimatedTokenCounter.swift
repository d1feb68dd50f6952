/// A documented estimate of Qwen2-style BPE counts, used until an exact tokenizer is chosen:
/// one token per 4 bytes of ASCII text and 0.7 tokens per non-ASCII character (CJK text averages
/// about 1.4 characters per Qwen2 token). Named `estimate-v1` in the provenance so nobody mistakes it
/// for an exact count.
public struct EstimatedTokenCounter: TokenCounter {
    public init() {}

    public var name: String { "estimate-v1" }
    public var vocabularyHash: String { "ascii/4+nonascii*0.7" }

    public func count(_ text: String) -> Int {
        var asciiBytes = 0
        var otherCharacters = 0
        var contiguous = text
        // Branch-free counts over the contiguous bytes, so the loop vectorizes.
        contiguous.withUTF8 { bytes in
            for byte in bytes {
                asciiBytes &+= Int(truncatingIfNeeded: (byte &>> 7) ^ 1)
                otherCharacters &+= byte >= 0xC0 ? 1 : 0
            }
        }
        let estimate = (Double(asciiBytes) / 4 + Double(otherCharacters) * 0.7).rounded(.up)
        return text.isEmpty ? 0 : max(1, Int(estimate))
    }
}
