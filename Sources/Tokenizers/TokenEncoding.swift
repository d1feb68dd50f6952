/// Text → token ids: added tokens first, then normalization, segmentation and BPE with the piece cache.
extension TokenizerDefinition {
    func encode<Sink: TokenSink>(_ text: UnsafeBufferPointer<UInt8>, cache: inout PieceCache, into sink: inout Sink) {
        var position = 0
        while position < text.count {
            guard let match = addedTokens.firstMatch(in: text, from: position) else {
                encodeSegment(UnsafeBufferPointer(rebasing: text[position...]), cache: &cache, into: &sink)
                return
            }
            encodeSegment(
                UnsafeBufferPointer(rebasing: text[position..<match.range.lowerBound]),
                cache: &cache,
                into: &sink
            )
            sink.append(match.id)
            position = match.range.upperBound
        }
    }

    private func encodeSegment<Sink: TokenSink>(
        _ segment: UnsafeBufferPointer<UInt8>,
        cache: inout PieceCache,
        into sink: inout Sink
    ) {
        guard !segment.isEmpty else { return }
        if normalizesNFC && CanonicalComposition.mightChange(segment, classes: ScalarClasses.shared) {
            CanonicalComposition.normalize(segment).withUnsafeBufferPointer {
                encodeNormalized($0, cache: &cache, into: &sink)
            }
        } else {
            encodeNormalized(segment, cache: &cache, into: &sink)
        }
    }

    private func encodeNormalized<Sink: TokenSink>(
        _ text: UnsafeBufferPointer<UInt8>,
        cache: inout PieceCache,
        into sink: inout Sink
    ) {
        switch segmentation {
        case .pattern(let scanner):
            var start = 0
            while start < text.count {
                let end = scanner.pieceEnd(in: text, from: start)
                encodeBytePiece(
                    UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(text)[start..<end]),
                    cache: &cache,
                    into: &sink
                )
                start = end
            }
        case .sentencePiece(let rules):
            encodeSentencePiece(text, rules: rules, cache: &cache, into: &sink)
        }
    }

    /// One pre-tokenizer piece of byte-level BPE.
    @inline(__always)
    private func encodeBytePiece<Sink: TokenSink>(
        _ piece: UnsafeRawBufferPointer,
        cache: inout PieceCache,
        into sink: inout Sink
    ) {
        if piece.count == 1 {
            sink.append(byteTokens[Int(piece[0])])
            return
        }
        let hash = ByteHash.hash(piece)
        if let wholePieces, let id = wholePieces.value(for: piece, hash: hash) {
            sink.append(id)
            return
        }
        let cacheHash = hash | 1
        if let cached = cache.lookup(piece, hash: cacheHash) {
            sink.append(contentsOf: cache.tokens[cached])
            return
        }
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: piece.count) { symbolBuffer in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: piece.count) { pairBuffer in
                let symbols = symbolBuffer.baseAddress!
                let pairs = pairBuffer.baseAddress!
                bytePairs.withUnsafeBufferPointer { bytePairs in
                    var previous = Int(piece[0])
                    symbols[0] = byteTokens[previous]
                    for index in 1..<piece.count {
                        let byte = Int(piece[index])
                        symbols[index] = byteTokens[byte]
                        pairs[index - 1] = bytePairs[previous << 8 | byte]
                        previous = byte
                    }
                }
                let count = BytePairMerger.merge(symbols, pairs: pairs, count: piece.count, merges: merges)
                let tokens = UnsafeBufferPointer(start: symbols, count: count)
                cache.insert(piece, hash: cacheHash, tokens: tokens)
                sink.append(contentsOf: tokens)
            }
        }
    }

    // MARK: SentencePiece

    private static let metaspace: [UInt8] = [0xE2, 0x96, 0x81]  // U+2581 ▁

    /// Prepends `▁`, turns spaces into `▁`, then merges each `▁`-word (or the whole segment when the
    /// vocabulary has tokens that span a word start).
    private func encodeSentencePiece<Sink: TokenSink>(
        _ text: UnsafeBufferPointer<UInt8>,
        rules: SentencePieceRules,
        cache: inout PieceCache,
        into sink: inout Sink
    ) {
        var normalized: [UInt8] = []
        normalized.reserveCapacity(text.count + text.count / 2 + 3)
        normalized.append(contentsOf: Self.metaspace)
        for byte in text {
            if byte == 0x20 { normalized.append(contentsOf: Self.metaspace) } else { normalized.append(byte) }
        }
        normalized.withUnsafeBytes { bytes in
            guard rules.splitsIntoWords else {
                encodeSentencePieceWord(bytes, rules: rules, cache: &cache, into: &sink)
                return
            }
            var wordStart = 0
            var index = 0
            var previousWasMetaspace = false
            while index < bytes.count {
                let isMetaspace =
                    index + 2 < bytes.count && bytes[index] == 0xE2 && bytes[index + 1] == 0x96
                    && bytes[index + 2] == 0x81
                if isMetaspace && !previousWasMetaspace && index > wordStart {
                    encodeSentencePieceWord(
                        UnsafeRawBufferPointer(rebasing: bytes[wordStart..<index]),
                        rules: rules,
                        cache: &cache,
                        into: &sink
                    )
                    wordStart = index
                }
                previousWasMetaspace = isMetaspace
                index += isMetaspace ? 3 : 1
            }
            encodeSentencePieceWord(
                UnsafeRawBufferPointer(rebasing: bytes[wordStart...]),
                rules: rules,
                cache: &cache,
                into: &sink
            )
        }
    }

    private func encodeSentencePieceWord<Sink: TokenSink>(
        _ word: UnsafeRawBufferPointer,
        rules: SentencePieceRules,
        cache: inout PieceCache,
        into sink: inout Sink
    ) {
        guard !word.isEmpty else { return }
        let hash = PieceCache.hash(word)
        if let cached = cache.lookup(word, hash: hash) {
            sink.append(contentsOf: cache.tokens[cached])
            return
        }
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: word.count) { buffer in
            let symbols = buffer.baseAddress!
            var count = 0
            var lastWasUnknown = false
            var index = 0
            while index < word.count {
                let (scalar, length) = decodeScalar(word, index)
                if let id = rules.token(for: scalar) {
                    symbols[count] = id
                    count += 1
                    lastWasUnknown = false
                } else if (0..<length).allSatisfy({ byteTokens[Int(word[index + $0])] != TokenizerDefinition.missing })
                {
                    for offset in 0..<length {
                        symbols[count] = byteTokens[Int(word[index + offset])]
                        count += 1
                    }
                    lastWasUnknown = false
                } else if let unknown = rules.unknownToken {
                    if !(rules.fusesUnknown && lastWasUnknown) {
                        symbols[count] = unknown
                        count += 1
                    }
                    lastWasUnknown = true
                }
                index += length
            }
            let merged = withUnsafeTemporaryAllocation(of: UInt64.self, capacity: max(count, 1)) { pairBuffer in
                BytePairMerger.lookUpPairs(symbols, into: pairBuffer.baseAddress!, count: count, merges: merges)
                return BytePairMerger.merge(symbols, pairs: pairBuffer.baseAddress!, count: count, merges: merges)
            }
            let tokens = UnsafeBufferPointer(start: symbols, count: merged)
            cache.insert(word, hash: hash, tokens: tokens)
            sink.append(contentsOf: tokens)
        }
    }
}
