import SplitMix

/// Keys for words, CJK characters and token sequences. Every lexicon entry and every token of a
/// document is reduced to one 64-bit key, so matching is one table probe, never a string compare.
enum TokenKey {
    /// The polynomial base of word keys. A polynomial (not FNV) hash lets the spelling check derive
    /// the key of every one-letter deletion of a word in O(1) each from prefix and suffix sums.
    static let base: UInt64 = 0x100_0000_01B3

    /// One step of a word's polynomial over its lower-cased scalars.
    @inline(__always)
    static func step(_ h: UInt64, _ scalar: UInt32) -> UInt64 {
        h &* base &+ UInt64(scalar) &+ 1
    }

    /// The key of a word from its polynomial and length (in scalars); never 0, the empty-slot marker.
    @inline(__always)
    static func word(polynomial: UInt64, length: Int) -> UInt64 {
        SplitMix64.mix(polynomial ^ (UInt64(truncatingIfNeeded: length) << 56)) | 1
    }

    /// The key of one Han, kana or other unspaced character.
    @inline(__always)
    static func character(_ scalar: UInt32) -> UInt64 {
        SplitMix64.mix(UInt64(scalar) | 0x0100_0000_0000) | 1
    }

    /// The key of a token sequence: folds the next token's key into the keys so far.
    @inline(__always)
    static func extend(_ sequence: UInt64, _ next: UInt64) -> UInt64 {
        SplitMix64.mix((sequence &* SplitMix64.increment) ^ next) | 1
    }

    /// The key of a whole string, tokenized the way the scanner does it (used when loading word lists).
    static func key(of word: String) -> UInt64 {
        var h: UInt64 = 0
        var n = 0
        for scalar in word.unicodeScalars {
            h = step(h, Scalars.lowercased(scalar.value))
            n += 1
        }
        return TokenKey.word(polynomial: h, length: n)
    }
}

/// An open-addressing hash table from nonzero 64-bit keys to small values (linear probing,
/// power-of-two capacity, at most half full). Keys are already mixed, so the low bits index it.
/// Key and value share a slot, so a probe touches one cache line.
struct KeyTable<Value: Sendable>: Sendable {
    struct Slot: Sendable {
        var key: UInt64
        var value: Value
    }

    private(set) var slots: [Slot]
    private(set) var count = 0
    private var mask: Int
    private let filler: Value

    init(minimumCapacity: Int, filler: Value) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity <<= 1 }
        slots = Array(repeating: Slot(key: 0, value: filler), count: capacity)
        mask = capacity - 1
        self.filler = filler
    }

    @inline(__always)
    func slot(of key: UInt64) -> Int? {
        var i = Int(truncatingIfNeeded: key) & mask
        return slots.withUnsafeBufferPointer { s in
            while true {
                let found = s[i].key
                if found == key { return i }
                if found == 0 { return nil }
                i = (i + 1) & mask
            }
        }
    }

    @inline(__always)
    func value(for key: UInt64) -> Value? {
        var i = Int(truncatingIfNeeded: key) & mask
        return slots.withUnsafeBufferPointer { s in
            while true {
                let found = s[i].key
                if found == key { return s[i].value }
                if found == 0 { return nil }
                i = (i + 1) & mask
            }
        }
    }

    @inline(__always)
    func contains(_ key: UInt64) -> Bool { slot(of: key) != nil }

    /// The slot of `key`, inserted with `filler` if absent.
    @inline(__always) @discardableResult
    mutating func slotInserting(_ key: UInt64) -> Int {
        if (count + 1) * 2 > slots.count { grow() }
        var i = Int(truncatingIfNeeded: key) & mask
        while true {
            let found = slots[i].key
            if found == key { return i }
            if found == 0 {
                slots[i].key = key
                count += 1
                return i
            }
            i = (i + 1) & mask
        }
    }

    @inline(__always)
    mutating func update(slot: Int, _ body: (inout Value) -> Void) {
        body(&slots[slot].value)
    }

    subscript(slot slot: Int) -> Value {
        get { slots[slot].value }
        set { slots[slot].value = newValue }
    }

    /// Every stored key and value.
    func forEach(_ body: (UInt64, Value) -> Void) {
        for s in slots where s.key != 0 { body(s.key, s.value) }
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(key: 0, value: filler), count: old.count * 2)
        mask = slots.count - 1
        count = 0
        for s in old where s.key != 0 {
            let i = slotInserting(s.key)
            slots[i].value = s.value
        }
    }
}

/// A set of nonzero 64-bit keys (open addressing, linear probing, at most half full): eight bytes
/// a slot, for the large lists that need membership only.
struct KeySet: Sendable {
    private(set) var keys: [UInt64]
    private(set) var count = 0
    private var mask: Int

    init(minimumCapacity: Int) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity <<= 1 }
        keys = Array(repeating: 0, count: capacity)
        mask = capacity - 1
    }

    @inline(__always)
    func contains(_ key: UInt64) -> Bool {
        var i = Int(truncatingIfNeeded: key) & mask
        return keys.withUnsafeBufferPointer { k in
            while true {
                let found = k[i]
                if found == key { return true }
                if found == 0 { return false }
                i = (i + 1) & mask
            }
        }
    }

    mutating func insert(_ key: UInt64) {
        if (count + 1) * 2 > keys.count { grow() }
        var i = Int(truncatingIfNeeded: key) & mask
        while true {
            let found = keys[i]
            if found == key { return }
            if found == 0 {
                keys[i] = key
                count += 1
                return
            }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let old = keys
        keys = Array(repeating: 0, count: old.count * 2)
        mask = keys.count - 1
        count = 0
        for k in old where k != 0 { insert(k) }
    }
}
