/// The tiktoken encodings: a `.tiktoken` file holds only the ranks (`base64-token rank` per line); the
/// regex and the special tokens come with the encoding's name, as in `tiktoken_ext/openai_public.py`.
public enum TiktokenEncoding: String, CaseIterable, Sendable {
    case cl100kBase = "cl100k_base"
    case o200kBase = "o200k_base"
    case p50kBase = "p50k_base"
    case r50kBase = "r50k_base"

    var pattern: PiecePattern {
        switch self {
        case .cl100kBase: return .cl100k
        case .o200kBase: return .o200k
        case .p50kBase, .r50kBase: return .gpt2
        }
    }

    var specialTokens: [(text: String, id: Int)] {
        switch self {
        case .cl100kBase:
            return [
                ("<|endoftext|>", 100257), ("<|fim_prefix|>", 100258), ("<|fim_middle|>", 100259),
                ("<|fim_suffix|>", 100260), ("<|endofprompt|>", 100276),
            ]
        case .o200kBase:
            return [("<|endoftext|>", 199999), ("<|endofprompt|>", 200018)]
        case .p50kBase, .r50kBase:
            return [("<|endoftext|>", 50256)]
        }
    }

    /// SHA-256 of the official rank file, as tiktoken checks it.
    public var officialSHA256: String {
        switch self {
        case .cl100kBase: return "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
        case .o200kBase: return "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"
        case .p50kBase: return "94b5ca7dff4d00767bc256fdd1b27e5b17361d7b8a5f968547f9f23eb70d2069"
        case .r50kBase: return "306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930"
        }
    }
}

enum TiktokenFile {
    /// Encodes the way `Encoding.encode_ordinary` does: special-token text in a document is plain text.
    static func load(
        _ bytes: UnsafeBufferPointer<UInt8>,
        file: String,
        encoding: TiktokenEncoding
    ) throws -> TokenizerDefinition {
        let ranks = try readRanks(bytes, file: file)
        let table = ByteStringTable(ranks.map { ($0.token, $0.rank) })
        guard table.count == ranks.count else {
            throw TokenizerError.malformed(file: file, detail: "the same token appears on two lines")
        }
        var byteTokens = [UInt32](repeating: TokenizerDefinition.missing, count: 256)
        for byte in 0..<256 {
            guard let rank = table.value(for: [UInt8(byte)]) else {
                throw TokenizerError.malformed(
                    file: file,
                    detail: "no rank for the single byte 0x\(String(byte, radix: 16))"
                )
            }
            byteTokens[byte] = rank
        }
        let merges = canonicalMerges(ranks, table: table, byteTokens: byteTokens)
        let highestRank = Int(ranks.map(\.rank).max() ?? 0)
        let highestID = max(highestRank, encoding.specialTokens.map(\.id).max() ?? 0)
        var texts = [[UInt8]?](repeating: nil, count: highestID + 1)
        for entry in ranks { texts[Int(entry.rank)] = entry.token }
        for special in encoding.specialTokens { texts[special.id] = Array(special.text.utf8) }
        return TokenizerDefinition(
            segmentation: .pattern(PieceScanner(pattern: encoding.pattern)),
            normalizesNFC: false,
            merges: PairMergeTable(merges),
            byteTokens: byteTokens,
            wholePieces: table,
            addedTokens: AddedTokenMatcher([]),
            decoding: TokenDecoding(
                decoder: .bytes,
                texts: texts,
                special: Set(encoding.specialTokens.map(\.id)),
                byteLevelLiterals: false
            )
        )
    }

    /// tiktoken merges the adjacent pair whose concatenation has the lowest rank. Listing every way each
    /// token splits into two tokens gives that rule as a pair table, but most splits can never meet: a
    /// token that appears while merging was built from its own bytes exactly as merging them alone builds
    /// it, so only the last pair of that solo run ever merges into it. Keeping just those pairs (one per
    /// token, like a Hugging Face merge list) halves the table and its cache misses.
    private static func canonicalMerges(
        _ ranks: [(token: [UInt8], rank: UInt32)],
        table: ByteStringTable,
        byteTokens: [UInt32]
    ) -> [(left: UInt32, right: UInt32, rank: UInt32, merged: UInt32)] {
        var everySplit: [(left: UInt32, right: UInt32, rank: UInt32, merged: UInt32)] = []
        for entry in ranks where entry.token.count > 1 {
            entry.token.withUnsafeBytes { token in
                for split in 1..<token.count {
                    if let left = table.value(for: UnsafeRawBufferPointer(rebasing: token[..<split])),
                        let right = table.value(for: UnsafeRawBufferPointer(rebasing: token[split...]))
                    {
                        everySplit.append((left, right, entry.rank, entry.rank))
                    }
                }
            }
        }
        let full = PairMergeTable(everySplit)
        var canonical: [(left: UInt32, right: UInt32, rank: UInt32, merged: UInt32)] = []
        canonical.reserveCapacity(ranks.count)
        for entry in ranks where entry.token.count > 1 {
            var symbols = entry.token.map { byteTokens[Int($0)] }
            var pairs = [UInt64](repeating: 0, count: symbols.count)
            let remaining = symbols.withUnsafeMutableBufferPointer { symbolPointer in
                pairs.withUnsafeMutableBufferPointer { pairPointer in
                    BytePairMerger.lookUpPairs(
                        symbolPointer.baseAddress!,
                        into: pairPointer.baseAddress!,
                        count: symbolPointer.count,
                        merges: full
                    )
                    return BytePairMerger.mergeByScan(
                        symbolPointer.baseAddress!,
                        pairs: pairPointer.baseAddress!,
                        count: symbolPointer.count,
                        merges: full,
                        stopLength: 2
                    )
                }
            }
            if remaining == 2 && full.lookup(symbols[0], symbols[1]) != PairMergeTable.noMerge {
                canonical.append((symbols[0], symbols[1], entry.rank, entry.rank))
            }
        }
        return canonical
    }

    private static func readRanks(
        _ bytes: UnsafeBufferPointer<UInt8>,
        file: String
    ) throws -> [(token: [UInt8], rank: UInt32)] {
        var ranks: [(token: [UInt8], rank: UInt32)] = []
        var lineNumber = 0
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            lineNumber += 1
            var contentEnd = lineEnd
            if contentEnd > lineStart && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            let line = bytes[lineStart..<contentEnd]
            lineStart = lineEnd + 1
            if line.isEmpty { continue }
            guard let space = line.firstIndex(of: 0x20) else {
                throw TokenizerError.malformed(
                    file: file,
                    detail: "line \(lineNumber): expected \"<base64 token> <rank>\""
                )
            }
            guard let token = Base64.decode(line[line.startIndex..<space]), !token.isEmpty else {
                throw TokenizerError.malformed(file: file, detail: "line \(lineNumber): invalid base64 token")
            }
            let rankText = String(decoding: line[(space + 1)...], as: UTF8.self)
            guard let rank = UInt32(rankText), rank < UInt32(Int32.max) else {
                throw TokenizerError.malformed(
                    file: file,
                    detail: "line \(lineNumber): invalid rank \"\(rankText.prefix(20))\""
                )
            }
            ranks.append((token, rank))
        }
        guard !ranks.isEmpty else { throw TokenizerError.malformed(file: file, detail: "no ranks (empty file)") }
        // Real encodings number their tokens 0..<lines; a far larger rank would make the id table
        // (one slot per id) as large as the rank, not the file.
        let limit = max(2 * ranks.count, 1_024)
        if let index = ranks.firstIndex(where: { Int($0.rank) >= limit }) {
            throw TokenizerError.malformed(
                file: file,
                detail:
                    "rank \(ranks[index].rank) on entry \(index + 1) is far beyond the file's \(ranks.count) ranks; a tiktoken file numbers its tokens 0..<\(ranks.count)"
            )
        }
        return ranks
    }
}

/// Standard base64 (with optional padding), for tiktoken's rank files.
enum Base64 {
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(character)] = UInt8(index)
        }
        return table
    }()

    static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        var result: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        var padding = 0
        for character in text {
            if character == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            guard padding == 0 else { return nil }
            let value = values[Int(character)]
            guard value != 0xFF else { return nil }
            buffer = buffer << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                result.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        guard padding <= 2, text.count % 4 == 0 || padding == 0 else { return nil }
        return result
    }
}
