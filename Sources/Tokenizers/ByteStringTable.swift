#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An immutable map from byte strings to 32-bit values (token strings → ids), with the keys packed in
/// one arena so a lookup is one hash, one probe sequence and one memcmp.
struct ByteStringTable: Sendable {
    private let arena: [UInt8]
    /// Entry i's key is `arena[keyStarts[i] ..< keyStarts[i + 1]]`.
    private let keyStarts: [UInt32]
    private let entryValues: [UInt32]
    /// Entry index + 1 per slot, 0 when empty.
    private let slots: [UInt32]
    private let slotHashes: [UInt32]

    var count: Int { entryValues.count }

    /// Later entries for the same key replace earlier ones (as a JSON object read into a dictionary).
    init(_ entries: [(key: [UInt8], value: UInt32)]) {
        var bits = 4
        while (1 << bits) < entries.count * 2 { bits += 1 }
        let mask = (1 << bits) - 1
        var arena: [UInt8] = []
        arena.reserveCapacity(entries.reduce(0) { $0 + $1.key.count })
        var keyStarts: [UInt32] = [0]
        var entryValues: [UInt32] = []
        var slots = [UInt32](repeating: 0, count: mask + 1)
        var slotHashes = [UInt32](repeating: 0, count: mask + 1)
        for (key, value) in entries {
            let hash = key.withUnsafeBytes { ByteHash.hash($0) }
            var slot = Int(truncatingIfNeeded: hash) & mask
            var replaced = false
            while slots[slot] != 0 {
                let entry = Int(slots[slot] - 1)
                if slotHashes[slot] == UInt32(truncatingIfNeeded: hash >> 32),
                    arena[Int(keyStarts[entry])..<Int(keyStarts[entry + 1])].elementsEqual(key)
                {
                    entryValues[entry] = value
                    replaced = true
                    break
                }
                slot = (slot + 1) & mask
            }
            if replaced { continue }
            arena.append(contentsOf: key)
            keyStarts.append(UInt32(arena.count))
            entryValues.append(value)
            slots[slot] = UInt32(entryValues.count)
            slotHashes[slot] = UInt32(truncatingIfNeeded: hash >> 32)
        }
        self.arena = arena
        self.keyStarts = keyStarts
        self.entryValues = entryValues
        self.slots = slots
        self.slotHashes = slotHashes
    }

    func value(for key: [UInt8]) -> UInt32? {
        key.withUnsafeBytes { value(for: $0) }
    }

    @inline(__always)
    func value(for key: UnsafeRawBufferPointer) -> UInt32? {
        value(for: key, hash: ByteHash.hash(key))
    }

    @inline(__always)
    func value(for key: UnsafeRawBufferPointer, hash: UInt64) -> UInt32? {
        let mask = slots.count - 1
        let tag = UInt32(truncatingIfNeeded: hash >> 32)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { return nil }
            if slotHashes[slot] == tag {
                let entry = Int(stored - 1)
                let start = Int(keyStarts[entry])
                let length = Int(keyStarts[entry + 1]) - start
                if length == key.count {
                    let equal = arena.withUnsafeBytes { arenaBytes in
                        length == 0 || memcmp(arenaBytes.baseAddress! + start, key.baseAddress!, length) == 0
                    }
                    if equal { return entryValues[entry] }
                }
            }
            slot = (slot + 1) & mask
        }
    }
}
