/// Spelling: how many words are one edit (a deletion, insertion, substitution or swap of
/// neighbours) away from a dictionary word without being one. Typos land there; technical
/// terms, names and identifiers mostly do not, so the rate stays low on clean text of any domain.
enum Spelling {
    /// Words shorter than this have too many neighbours to call a near miss a typo.
    static let minimumLength = 5
    static let maximumLength = 24
    /// At most this many unknown words are checked per document (each check is ~2n probes).
    static let checkCap = 4000

    /// Calls `body` with the key of each one-letter deletion of `scalars`, in O(n) in all.
    static func forEachDeletion(of scalars: [UInt32], _ body: (UInt64) -> Void) {
        let n = scalars.count
        guard n >= 2 else { return }
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * (n + 1)) { buffer in
            // powers[j] = base^j in buffer[0...n]; suffix sums in buffer[n+1...2n+1].
            buffer[0] = 1
            for j in 1...n { buffer[j] = buffer[j - 1] &* TokenKey.base }
            let suffixBase = n + 1
            buffer[suffixBase + n] = 0
            for j in stride(from: n - 1, through: 0, by: -1) {
                buffer[suffixBase + j] = buffer[suffixBase + j + 1] &+ (UInt64(scalars[j]) &+ 1) &* buffer[n - 1 - j]
            }
            var prefix: UInt64 = 0
            for i in 0..<n {
                let poly = prefix &* buffer[n - 1 - i] &+ buffer[suffixBase + i + 1]
                body(TokenKey.word(polynomial: poly, length: n - 1))
                prefix = TokenKey.step(prefix, scalars[i])
            }
        }
    }

    /// True when the unknown word is one edit away from a dictionary word.
    static func isNearMiss(_ scalars: [UInt32], key: UInt64, lexicon: Lexicon) -> Bool {
        // The word lost a letter: it is a deletion of a known word.
        if lexicon.deletions.contains(key) { return true }
        var found = false
        forEachDeletion(of: scalars) { k in
            guard !found else { return }
            // It gained a letter (its deletion is known), or a letter was changed or two swapped
            // (its deletion equals a deletion of a known word).
            if lexicon.deletions.contains(k) || (lexicon.entry(k)?.flags.contains(.dictionary) ?? false) {
                found = true
            }
        }
        return found
    }
}

/// The result of the spelling check on one document.
struct SpellingStats {
    /// Lower-case ASCII prose words of checkable length (the denominator).
    var eligible = 0
    /// Eligible words not in the dictionary.
    var unknown = 0
    /// Unknown words seen at most twice in the document and one edit from a known word.
    var nearMisses = 0
    var checked = 0

    /// Near misses per eligible word; when the check cap was hit, scaled from the checked share.
    var nearMissRate: Double {
        guard eligible > 0 else { return 0 }
        let scale = checked > 0 && checked < unknown ? Double(unknown) / Double(checked) : 1
        return Double(nearMisses) * scale / Double(eligible)
    }

    var unknownRate: Double { eligible > 0 ? Double(unknown) / Double(eligible) : 0 }

    /// Checks the unknown words the lexical pass collected.
    static func check(
        candidates: [Int32],
        tokens: [Token],
        bytes: UnsafeBufferPointer<UInt8>,
        eligible: Int,
        lexicon: Lexicon
    ) -> SpellingStats {
        var stats = SpellingStats()
        stats.eligible = eligible
        stats.unknown = candidates.count
        guard !candidates.isEmpty else { return stats }
        // A word that recurs is a term of the text, not a slip of the keyboard.
        var occurrences = KeyTable<UInt16>(minimumCapacity: candidates.count, filler: 0)
        for t in candidates {
            let s = occurrences.slotInserting(tokens[Int(t)].key)
            occurrences.update(slot: s) { $0 &+= 1 }
        }
        var scalars: [UInt32] = []
        scalars.reserveCapacity(Spelling.maximumLength)
        for t in candidates {
            if stats.checked >= Spelling.checkCap { break }
            let token = tokens[Int(t)]
            stats.checked += 1
            guard (occurrences.value(for: token.key) ?? 0) <= 2 else { continue }
            scalars.removeAll(keepingCapacity: true)
            let start = Int(token.start)
            for i in start..<start + Int(token.length) {
                let b = bytes[i]
                scalars.append(UInt32(b >= 0x41 && b <= 0x5A ? b + 0x20 : b))
            }
            if Spelling.isNearMiss(scalars, key: token.key, lexicon: lexicon) { stats.nearMisses += 1 }
        }
        return stats
    }
}
