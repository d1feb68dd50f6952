import CXXHash

/// Turns a text window into feature ids (embedding rows): word unigrams and bigrams and byte
/// n-grams of a normalized copy, each hashed with XXH3-64 under a seed of its own kind, so a word
/// and a 4-gram with the same bytes land in unrelated rows.
struct FeatureHasher: Sendable {
    let settings: FeatureSettings
    private let mask: UInt64

    init(settings: FeatureSettings) {
        self.settings = settings
        mask = UInt64(settings.buckets - 1)
    }

    private enum Seed {
        static let word: UInt64 = 1
        static let wordPair: UInt64 = 2
        static func bytes(_ order: Int) -> UInt64 { 16 + UInt64(order) }
    }

    /// The feature ids of a window already `normalize`d, with repeats (a repeated n-gram weighs more, as
    /// in fastText).
    func features(_ normalized: [UInt8]) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(normalized.count * (settings.charMax == 0 ? 1 : settings.charMax - settings.charMin + 2))
        normalized.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            if settings.wordOrder > 0 { words(base, bytes.count, into: &out) }
            if settings.charMax > 0 {
                for order in settings.charMin...settings.charMax where order <= bytes.count {
                    let seed = Seed.bytes(order)
                    for start in 0...(bytes.count - order) {
                        out.append(bucket(XXH3_64bits_withSeed(base + start, order, seed)))
                    }
                }
            }
        }
        return out
    }

    private func words(_ base: UnsafeRawPointer, _ count: Int, into out: inout [UInt32]) {
        var start = -1
        var previous: UInt64?
        for index in 0...count {
            let inWord = index < count && Self.isWordByte(base.load(fromByteOffset: index, as: UInt8.self))
            if inWord {
                if start < 0 { start = index }
                continue
            }
            guard start >= 0 else { continue }
            let word = XXH3_64bits_withSeed(base + start, index - start, Seed.word)
            out.append(bucket(word))
            if settings.wordOrder >= 2, let previous {
                var pair = (previous, word)
                out.append(
                    bucket(withUnsafeBytes(of: &pair) { XXH3_64bits_withSeed($0.baseAddress, 16, Seed.wordPair) })
                )
            }
            previous = word
            start = -1
        }
    }

    private func bucket(_ hash: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: hash & mask) }

    /// Letters, digits and every byte of a non-ASCII character make words; CJK runs become one
    /// long word, which the byte n-grams then cover.
    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || byte == 0x30 || byte >= 0x80
    }

    /// ASCII letters lowercased, digits folded to 0 (numbers matter, their values do not), runs of
    /// whitespace as one space; every other byte kept.
    static func normalize(_ window: [UInt8]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: window.count) { out, count in
            var written = 0
            var lastWasSpace = true
            fold.withUnsafeBufferPointer { fold in
                window.withUnsafeBufferPointer { input in
                    for byte in input {
                        let folded = fold[Int(byte)]
                        if folded == space {
                            if !lastWasSpace {
                                out[written] = space
                                written += 1
                            }
                            lastWasSpace = true
                        } else {
                            out[written] = folded
                            written += 1
                            lastWasSpace = false
                        }
                    }
                }
            }
            count = written
        }
    }

    private static let space: UInt8 = 0x20

    /// What `normalize` makes of each byte (a table: one load a byte instead of a chain of tests).
    private static let fold: [UInt8] = (0...255).map { value -> UInt8 in
        let byte = UInt8(value)
        switch byte {
        case 0x41...0x5A: return byte | 0x20
        case 0x30...0x39: return 0x30
        case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C: return space
        default: return byte
        }
    }
}
