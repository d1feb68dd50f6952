#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Remembers the tokens of recently seen pieces (mostly words), so a repeated word costs one hash and
/// one comparison instead of a BPE run. Fixed size: when full it starts over, which is cheap and keeps
/// memory bounded however long the input. One cache per thread (see `Tokenizer`'s pool).
struct PieceCache: Sendable {
    static let slotCount = 1 << 16
    static let maximumEntries = slotCount / 2
    static let keyCapacity = 1 << 21
    static let tokenCapacity = 1 << 19
    /// Longer pieces are rarely repeated, so caching them only evicts useful entries.
    static let longestCachedPiece = 96

    /// Three words per slot: the key's hash (0 = empty), `key offset | key length << 32`,
    /// `token offset | token count << 32`.
    private var slots = [UInt64](repeating: 0, count: slotCount * 3)
    private var keys = [UInt8](repeating: 0, count: keyCapacity)
    private(set) var tokens = [UInt32](repeating: 0, count: tokenCapacity)
    private var entries = 0
    private var keysUsed = 0
    private var tokensUsed = 0

    init() {}

    @inline(__always)
    static func hash(_ piece: UnsafeRawBufferPointer) -> UInt64 {
        ByteHash.hash(piece) | 1
    }

    /// The range of `tokens` holding the piece's tokens, if cached.
    @inline(__always)
    func lookup(_ piece: UnsafeRawBufferPointer, hash: UInt64) -> Range<Int>? {
        var slot = Int(truncatingIfNeeded: hash) & (Self.slotCount - 1)
        while true {
            let stored = slots[slot * 3]
            if stored == 0 { return nil }
            if stored == hash {
                let key = slots[slot * 3 + 1]
                let keyOffset = Int(key & 0xFFFF_FFFF)
                if Int(key >> 32) == piece.count {
                    let equal = keys.withUnsafeBytes {
                        memcmp($0.baseAddress! + keyOffset, piece.baseAddress!, piece.count) == 0
                    }
                    if equal {
                        let value = slots[slot * 3 + 2]
                        let start = Int(value & 0xFFFF_FFFF)
                        return start..<(start + Int(value >> 32))
                    }
                }
            }
            slot = (slot + 1) & (Self.slotCount - 1)
        }
    }

    mutating func insert(_ piece: UnsafeRawBufferPointer, hash: UInt64, tokens pieceTokens: UnsafeBufferPointer<UInt32>)
    {
        guard piece.count <= Self.longestCachedPiece, pieceTokens.count <= Self.tokenCapacity / 64 else { return }
        if entries >= Self.maximumEntries || keysUsed + piece.count > Self.keyCapacity
            || tokensUsed + pieceTokens.count > Self.tokenCapacity
        {
            clear()
        }
        var slot = Int(truncatingIfNeeded: hash) & (Self.slotCount - 1)
        while slots[slot * 3] != 0 { slot = (slot + 1) & (Self.slotCount - 1) }
        let keyOffset = keysUsed
        keys.withUnsafeMutableBytes {
            $0.baseAddress!.advanced(by: keyOffset).copyMemory(from: piece.baseAddress!, byteCount: piece.count)
        }
        let tokenOffset = tokensUsed
        tokens.withUnsafeMutableBufferPointer { buffer in
            for index in 0..<pieceTokens.count { buffer[tokenOffset + index] = pieceTokens[index] }
        }
        slots[slot * 3] = hash
        slots[slot * 3 + 1] = UInt64(keyOffset) | UInt64(piece.count) << 32
        slots[slot * 3 + 2] = UInt64(tokenOffset) | UInt64(pieceTokens.count) << 32
        keysUsed += piece.count
        tokensUsed += pieceTokens.count
        entries += 1
    }

    private mutating func clear() {
        slots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        entries = 0
        keysUsed = 0
        tokensUsed = 0
    }
}
