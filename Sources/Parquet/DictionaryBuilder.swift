/// A column chunk's values as a dictionary of unique entries (in first-seen order) plus one
/// index per non-null value.
struct DictionaryEncoded {
    /// The entries in PLAIN encoding: the body of the dictionary page.
    var plainEntries: [UInt8]
    var entryCount: Int
    var indices: [UInt32]

    var indexBitWidth: Int { RLEHybrid.bitWidth(forMaxValue: entryCount - 1) }
}

/// Builds dictionaries, giving up (so the chunk falls back to PLAIN) once the dictionary
/// would exceed the page limits.
struct DictionaryBuilder {
    var maxEntries: Int
    var maxBytes: Int

    /// `minimum` and `maximum` bound `values`; a narrow span uses a direct lookup table
    /// instead of hashing, which is the common case for ratings and small codes.
    func build<T: FixedWidthInteger & SignedInteger>(_ values: [T], minimum: T, maximum: T) -> DictionaryEncoded? {
        var entries: [T] = []
        var indices: [UInt32] = []
        indices.reserveCapacity(values.count)
        let (span, overflow) = Int64(maximum).subtractingReportingOverflow(Int64(minimum))
        if !overflow && span < 1 << 16 {
            var table = [UInt32](repeating: .max, count: Int(span) + 1)
            for value in values {
                let slot = Int(Int64(value) &- Int64(minimum))
                var index = table[slot]
                if index == .max {
                    index = UInt32(entries.count)
                    table[slot] = index
                    entries.append(value)
                    if entries.count > maxEntries { return nil }
                }
                indices.append(index)
            }
        } else {
            var lookup: [T: UInt32] = [:]
            for value in values {
                if let index = lookup[value] {
                    indices.append(index)
                } else {
                    let index = UInt32(entries.count)
                    lookup[value] = index
                    entries.append(value)
                    if entries.count > maxEntries { return nil }
                    indices.append(index)
                }
            }
        }
        guard entries.count * MemoryLayout<T>.size <= maxBytes else { return nil }
        var plain: [UInt8] = []
        PlainEncoding.append(entries[...], into: &plain)
        return DictionaryEncoded(plainEntries: plain, entryCount: entries.count, indices: indices)
    }

    /// Byte arrays are hashed and compared as bytes (see `ByteArrays`), in an open-addressing
    /// table whose slots hold entry numbers.
    func build(_ values: ByteArrays) -> DictionaryEncoded? {
        var plain: [UInt8] = []
        var entryRanges: [Range<Int>] = []
        var entryHashes: [UInt64] = []
        var indices: [UInt32] = []
        indices.reserveCapacity(values.count)
        var slots = [Int32](repeating: -1, count: 1024)
        var mask = slots.count - 1

        return values.bytes.withUnsafeBytes { source -> DictionaryEncoded? in
            for i in 0..<values.count {
                let value = UnsafeRawBufferPointer(rebasing: source[values.range(i)])
                let hash = Self.hash(value)
                var slot = Int(truncatingIfNeeded: hash) & mask
                var found: Int32 = -1
                while slots[slot] >= 0 {
                    let candidate = Int(slots[slot])
                    if entryHashes[candidate] == hash {
                        let matches = plain.withUnsafeBytes {
                            compareBytes(UnsafeRawBufferPointer(rebasing: $0[entryRanges[candidate]]), value) == 0
                        }
                        if matches {
                            found = Int32(candidate)
                            break
                        }
                    }
                    slot = (slot + 1) & mask
                }
                if found < 0 {
                    found = Int32(entryRanges.count)
                    PlainEncoding.appendLength(value.count, into: &plain)
                    let start = plain.count
                    plain.append(contentsOf: value)
                    entryRanges.append(start..<plain.count)
                    entryHashes.append(hash)
                    if entryRanges.count > maxEntries || plain.count > maxBytes { return nil }
                    slots[slot] = found
                    if entryRanges.count * 2 > slots.count {
                        slots = Self.rehash(entryHashes, capacity: slots.count * 2)
                        mask = slots.count - 1
                    }
                }
                indices.append(UInt32(found))
            }
            return DictionaryEncoded(plainEntries: plain, entryCount: entryRanges.count, indices: indices)
        }
    }

    private static func rehash(_ hashes: [UInt64], capacity: Int) -> [Int32] {
        var slots = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        for (entry, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(entry)
        }
        return slots
    }

    /// A fast non-cryptographic hash: 8 bytes per step, multiply-xorshift mixing.
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h: UInt64 = UInt64(bytes.count) &* k
        var i = 0
        while i + 8 <= bytes.count {
            h = (h ^ UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))) &* k
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* k
        h ^= h >> 32
        return h
    }
}
