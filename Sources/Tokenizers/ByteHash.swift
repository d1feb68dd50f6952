/// A fast, non-cryptographic 64-bit hash of a byte string, for the vocabulary and piece-cache tables.
enum ByteHash {
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let count = bytes.count
        var state: UInt64 = 0x243F_6A88_85A3_08D3 ^ (UInt64(count) &* 0x9E37_79B9_7F4A_7C15)
        guard let base = bytes.baseAddress else { return mix(state) }
        var index = 0
        while index + 8 <= count {
            state = (state ^ base.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            state ^= state >> 32
            index += 8
        }
        if index < count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while index < count {
                tail |= UInt64(base.load(fromByteOffset: index, as: UInt8.self)) << shift
                shift += 8
                index += 1
            }
            state = (state ^ tail) &* 0x9E37_79B9_7F4A_7C15
            state ^= state >> 32
        }
        return mix(state)
    }

    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        var state = value
        state = (state ^ (state >> 29)) &* 0xBF58_476D_1CE4_E5B9
        return state ^ (state >> 32)
    }
}
