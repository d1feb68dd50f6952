/// The one pass over a document's UTF-8 bytes: decodes scalars, cuts tokens, lines and sentences,
/// and counts scripts, punctuation, brackets and URLs. Everything later works on its output.
struct Scanner {
    /// Sentences are cut at a line break once they are this long (hard-wrapped text without
    /// punctuation), and anywhere once they reach `hardSentenceCap`.
    static let wrappedSentenceCap = 60
    static let hardSentenceCap = 200

    private var out = ScannedText()
    private var line = LineInfo()
    private var atLineStart = true

    // The word or number being built.
    private var inWord = false
    private var wordKind = TokenKind.latinWord
    private var wordStart = 0
    private var wordPoly: UInt64 = 0
    private var wordLetters = 0
    private var wordUpper = 0
    private var wordFirstUpper = false
    private var wordMixed = false
    private var wordLowerSeen = false
    private var wordNonASCII = false

    // What lies between the previous token and the next one.
    private var gapSpacesOnly = false
    private var gapEmpty = true
    private var previousScalar: UInt32 = 0x0A
    private var previousClass = ScalarClass.newline

    private var sentenceBoundaryPending = true
    private var boundaryFromPunctuation = false
    private var sentenceTokens = 0
    private var blankRun = 0
    private var previousLineShortUnterminated = false
    private var lastMark = -1
    private var markRun = 0
    private var spaceRun = 0

    /// Traditional Chinese characters are keyed by their simplified forms (from `han`).
    private let han: HanCharTable

    private init(han: HanCharTable) { self.han = han }

    static func scan(_ p: UnsafeBufferPointer<UInt8>, fullBytes: Int, han: HanCharTable) -> ScannedText {
        var s = Scanner(han: han)
        s.out.tokens.reserveCapacity(p.count / 4 + 8)
        s.out.lines.reserveCapacity(p.count / 40 + 4)
        s.out.bytes = p.count
        s.out.fullBytes = fullBytes
        s.run(p)
        return s.out
    }

    private mutating func run(_ p: UnsafeBufferPointer<UInt8>) {
        // Per-class counts live in a local buffer: a counter array inside `out` would be checked
        // for uniqueness on every scalar.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: ScanCounts.classCount) { classCounts in
            classCounts.initialize(repeating: 0)
            run(p, classCounts)
            out.counts.byClass = Array(classCounts)
        }
    }

    private mutating func run(_ p: UnsafeBufferPointer<UInt8>, _ classCounts: UnsafeMutableBufferPointer<Int>) {
        let n = p.count
        var i = 0
        while i < n {
            let b = p[i]
            // URLs are skipped whole: their pieces are not words.
            if (b == 0x68 || b == 0x77) && !previousClass.isWordLetter && previousClass != .digit,
                let urlEnd = Scanner.urlEnd(p, i)
            {
                flushWord(next: 0x20, p, i)
                noteLineContent(first: UInt32(b))
                let length = urlEnd - i
                line.urlBytes += UInt32(length)
                line.urls += 1
                line.nonSpace += UInt32(length)
                out.counts.urls += 1
                out.counts.urlBytes += length
                out.counts.nonSpace += length
                classCounts[Int(ScalarClass.symbol.rawValue)] += length
                previousScalar = 0x2F
                previousClass = .symbol
                gapSpacesOnly = false
                gapEmpty = false
                lastMark = -1
                spaceRun = 0
                i = urlEnd
                continue
            }
            if (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A {
                i = asciiLetters(p, from: i, classCounts)
                continue
            }
            let (v, width) = b < 0x80 ? (UInt32(b), 1) : Scalars.decode(p, i)
            let c = b < 0x80 ? Scalars.asciiClass(v) : Scalars.classify(v)
            classCounts[Int(c.rawValue)] += 1
            switch c {
            case .newline:
                flushWord(next: v, p, i)
                endLine(at: i)
                line.start = UInt32(i + width)
                gapSpacesOnly = false
                gapEmpty = false
            case .space:
                flushWord(next: v, p, i)
                if atLineStart {
                    line.indent &+= v == 0x09 ? 4 : 1
                    if v == 0x09 { line.hasTab = true }
                } else {
                    spaceRun += 1
                    if spaceRun == 2 { out.counts.innerSpaceRuns += 1 }
                }
                if gapEmpty { gapSpacesOnly = true }
                gapEmpty = false
            default:
                spaceRun = 0
                out.counts.nonSpace += 1
                noteLineContent(first: v)
                line.nonSpace += 1
                line.last = v
                handleContent(v, c, width, p, i)
            }
            previousScalar = v
            previousClass = c
            i += width
        }
        flushWord(next: 0x0A, p, n)
        endLine(at: n)
        out.counts.scalars = classCounts.reduce(0, +)
        if out.sentenceStarts.isEmpty && !out.tokens.isEmpty {
            out.sentenceStarts.append(0)
            out.sentenceAfterPunctuation.append(false)
        }
    }

    /// A run of ASCII letters, the bulk of most text, without the per-scalar dispatch; returns
    /// the index after the run. Same effect as `handleContent` on each letter.
    private mutating func asciiLetters(
        _ p: UnsafeBufferPointer<UInt8>,
        from start: Int,
        _ classCounts: UnsafeMutableBufferPointer<Int>
    ) -> Int {
        spaceRun = 0
        noteLineContent(first: UInt32(p[start]))
        if !inWord || wordKind != .latinWord {
            flushWord(next: UInt32(p[start]), p, start)
            startWord(.latinWord, at: start)
        }
        var j = start
        var poly = wordPoly
        var letters = wordLetters
        var upper = 0
        let n = p.count
        while j < n {
            let x = p[j]
            let lower = x | 0x20
            guard lower >= 0x61 && lower <= 0x7A else { break }
            let isUpper = x < 0x61
            if letters == 0 { wordFirstUpper = isUpper } else if isUpper && wordLowerSeen { wordMixed = true }
            if isUpper { upper += 1 } else { wordLowerSeen = true }
            poly = poly &* TokenKey.base &+ UInt64(lower) &+ 1
            letters += 1
            j += 1
        }
        let run = j - start
        wordPoly = poly
        wordLetters = letters
        wordUpper += upper
        line.letters += UInt32(run)
        line.nonSpace += UInt32(run)
        line.upper += UInt32(upper)
        line.last = UInt32(p[j - 1])
        out.counts.upperLetters += upper
        out.counts.nonSpace += run
        classCounts[Int(ScalarClass.latin.rawValue)] += run
        previousScalar = UInt32(p[j - 1])
        previousClass = .latin
        lastMark = -1
        return j
    }

    private mutating func noteLineContent(first v: UInt32) {
        if atLineStart {
            atLineStart = false
            line.first = v
            if blankRun >= 1 || Scanner.isBulletStart(v) || previousLineShortUnterminated {
                sentenceBoundaryPending = true
            } else if sentenceTokens >= Scanner.wrappedSentenceCap {
                sentenceBoundaryPending = true
            }
            blankRun = 0
        }
    }

    @inline(__always)
    private mutating func handleContent(
        _ v: UInt32,
        _ c: ScalarClass,
        _ width: Int,
        _ p: UnsafeBufferPointer<UInt8>,
        _ i: Int
    ) {
        if c.isWordLetter {
            let kind = TokenKind(wordScript: c)
            if !inWord || wordKind != kind {
                flushWord(next: v, p, i)
                startWord(kind, at: i)
            }
            extendWord(v)
            line.letters += 1
            if Scalars.isUpper(v) {
                line.upper += 1
                out.counts.upperLetters += 1
            }
            lastMark = -1
            return
        }
        switch c {
        case .digit:
            if !(inWord && wordKind == .number) {
                flushWord(next: v, p, i)
                startWord(.number, at: i)
            }
            wordPoly = TokenKey.step(wordPoly, v)
            wordLetters += 1
            line.digits += 1
            lastMark = -1
        case .han, .kana:
            flushWord(next: v, p, i)
            emitCharacter(v, c == .han ? .han : .kana, at: i, width: width)
            line.letters += 1
            if c == .han { line.han += 1 }
            lastMark = -1
        default:
            // An apostrophe between letters stays inside the word (don't, l'homme).
            if (v == 0x27 || v == 0x2019) && inWord && wordKind == .latinWord && i + width < p.count
                && Scalars.classify(UInt32(p[i + width])) == .latin
            {
                extendWord(0x27)
                return
            }
            // A decimal point or thousands separator stays inside the number.
            if (v == 0x2E || v == 0x2C) && inWord && wordKind == .number && i + 1 < p.count
                && p[i + 1] >= 0x30 && p[i + 1] <= 0x39
            {
                return
            }
            flushWord(next: v, p, i)
            gapSpacesOnly = false
            gapEmpty = false
            tallyPunctuation(v, c, p, i, width)
        }
    }

    private mutating func tallyPunctuation(
        _ v: UInt32,
        _ c: ScalarClass,
        _ p: UnsafeBufferPointer<UInt8>,
        _ i: Int,
        _ width: Int
    ) {
        if let mark = PunctuationMark(v) {
            out.counts.marks[mark.rawValue] += 1
            if mark.rawValue == lastMark {
                markRun += 1
                if markRun == 3 { out.counts.punctuationRuns += 1 }
            } else {
                lastMark = mark.rawValue
                markRun = 1
            }
        } else {
            lastMark = -1
        }
        switch v {
        case 0x28, 0xFF08: out.counts.bracketOpen[0] += 1
        case 0x29, 0xFF09: out.counts.bracketClose[0] += 1
        case 0x5B: out.counts.bracketOpen[1] += 1
        case 0x5D:
            out.counts.bracketClose[1] += 1
            if i + 1 < p.count && p[i + 1] == 0x28 { line.linkMarks += 1 }
        case 0x7B: out.counts.bracketOpen[2] += 1
        case 0x7D: out.counts.bracketClose[2] += 1
        case 0x201C: out.counts.bracketOpen[3] += 1
        case 0x201D: out.counts.bracketClose[3] += 1
        case 0x300C, 0x300E: out.counts.bracketOpen[4] += 1
        case 0x300D, 0x300F: out.counts.bracketClose[4] += 1
        case 0x300A: out.counts.bracketOpen[5] += 1
        case 0x300B: out.counts.bracketClose[5] += 1
        case 0x7C, 0xBB, 0x203A, 0xB7, 0x2022:
            if !atLineStartIgnoringBullet(v) { line.separators += 1 }
        case 0x3C:
            if i + 2 < p.count && (p[i + 1] | 0x20) == 0x61 && p[i + 2] == 0x20 { line.linkMarks += 1 }
        default: break
        }
        if Scanner.isCodeSymbol(v) { line.codeSymbols &+= 1 }
        if v == 0x5C && i + 1 < p.count && (p[i + 1] | 0x20) >= 0x61 && (p[i + 1] | 0x20) <= 0x7A {
            out.counts.texCommands += 1
            line.texCommands &+= 1
        }
        if v == 0x24 { out.counts.dollars += 1 }
        if (0x2200...0x22FF).contains(v) || v == 0xB1 || v == 0xD7 || v == 0xF7 || v == 0x221A {
            out.counts.mathSymbols += 1
        }
        if c == .emoji { out.counts.emoji += 1 }
        if c == .terminal {
            // `3.14`, `os.path`, `e.g.x`: a terminal mark followed directly by a letter or digit ends nothing.
            let nextIndex = i + width
            let endsSentence: Bool
            if nextIndex >= p.count {
                endsSentence = true
            } else if v == 0x2E || v == 0x21 || v == 0x3F {
                let next = Scalars.classify(Scalars.decode(p, nextIndex).0)
                endsSentence = !(next.isWordLetter || next == .digit || next.isCharacterToken)
            } else {
                endsSentence = true
            }
            if endsSentence && sentenceTokens > 0 {
                sentenceBoundaryPending = true
                boundaryFromPunctuation = true
            }
        }
        // Mojibake: UTF-8 read as Latin-1 leaves Ã or Â before a C1 control or Latin-1 symbol.
        if (previousScalar == 0xC3 || previousScalar == 0xC2) && (0x80...0xBF).contains(v) { out.counts.mojibake += 1 }
    }

    private func atLineStartIgnoringBullet(_ v: UInt32) -> Bool { line.nonSpace <= 1 }

    private mutating func startWord(_ kind: TokenKind, at i: Int) {
        inWord = true
        previousBeforeWord = previousScalar
        wordKind = kind
        wordStart = i
        wordPoly = 0
        wordLetters = 0
        wordUpper = 0
        wordFirstUpper = false
        wordMixed = false
        wordLowerSeen = false
        wordNonASCII = false
    }

    @inline(__always)
    private mutating func extendWord(_ v: UInt32) {
        let upper = Scalars.isUpper(v)
        if wordLetters == 0 {
            wordFirstUpper = upper
        } else if upper {
            if wordLowerSeen { wordMixed = true }
        }
        if upper { wordUpper += 1 } else if v != 0x27 { wordLowerSeen = true }
        if v >= 0x80 { wordNonASCII = true }
        wordPoly = TokenKey.step(wordPoly, Scalars.lowercased(v))
        wordLetters += 1
    }

    private mutating func flushWord(next v: UInt32, _ p: UnsafeBufferPointer<UInt8>, _ i: Int) {
        guard inWord else { return }
        inWord = false
        var flags = gapFlags()
        if wordKind != .number {
            if wordLetters >= 2 && wordUpper == wordLetters {
                flags.insert(.allUpper)
            } else if wordFirstUpper && wordUpper == 1 {
                flags.insert(.capitalized)
            }
            if wordMixed { flags.insert(.mixedCase) }
            if wordNonASCII { flags.insert(.nonASCII) }
            if Scanner.attachesIdentifier(previousBeforeWord, after: v, p, i) { flags.insert(.attached) }
        }
        appendToken(
            Token(
                key: TokenKey.word(polynomial: wordPoly, length: wordLetters),
                start: UInt32(wordStart),
                length: UInt16(min(i - wordStart, Int(UInt16.max))),
                letters: UInt8(min(wordLetters, 255)),
                kind: wordKind,
                flags: flags
            )
        )
    }

    private var previousBeforeWord: UInt32 = 0x20

    private mutating func emitCharacter(_ v: UInt32, _ kind: TokenKind, at i: Int, width: Int) {
        appendToken(
            Token(
                key: TokenKey.character(han.simplified(v)),
                start: UInt32(i),
                length: UInt16(width),
                letters: 1,
                kind: kind,
                flags: gapFlags()
            )
        )
    }

    private func gapFlags() -> TokenFlags {
        if out.tokens.isEmpty { return [] }
        if gapEmpty { return .adjacent }
        return gapSpacesOnly ? .spaced : []
    }

    private mutating func appendToken(_ token: Token) {
        var t = token
        if sentenceBoundaryPending || sentenceTokens >= Scanner.hardSentenceCap {
            sentenceBoundaryPending = false
            out.sentenceStarts.append(UInt32(out.tokens.count))
            out.sentenceAfterPunctuation.append(boundaryFromPunctuation)
            boundaryFromPunctuation = false
            sentenceTokens = 0
            t.flags.insert(.sentenceStart)
        }
        sentenceTokens += 1
        out.tokens.append(t)
        gapEmpty = true
        gapSpacesOnly = false
    }

    private mutating func endLine(at i: Int) {
        line.end = UInt32(i)
        line.tokenEnd = UInt32(out.tokens.count)
        if line.nonSpace == 0 {
            blankRun += 1
            previousLineShortUnterminated = false
        } else {
            if previousScalar == 0x20 || previousScalar == 0x09 { out.counts.trailingSpaceLines += 1 }
            // A short line without closing punctuation (a heading, a list item) ends its sentence.
            let terminal = Scalars.classify(line.last) == .terminal || line.last == 0x3A || line.last == 0xFF1A
            previousLineShortUnterminated = !terminal && line.nonSpace < 40 && line.tokenCount <= 6
        }
        out.lines.append(line)
        line = LineInfo()
        line.tokenStart = UInt32(out.tokens.count)
        atLineStart = true
        spaceRun = 0
        lastMark = -1
    }

    // MARK: - Byte patterns

    /// The end of a URL starting at `i` (`http://`, `https://`, `www.`), or nil.
    static func urlEnd(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        let n = p.count
        func at(_ k: Int, _ s: StaticString) -> Bool {
            let len = s.utf8CodeUnitCount
            guard k + len <= n else { return false }
            let base = s.utf8Start
            for j in 0..<len where p[k + j] != base[j] { return false }
            return true
        }
        let bodyStart: Int
        if at(i, "https://") {
            bodyStart = i + 8
        } else if at(i, "http://") {
            bodyStart = i + 7
        } else if at(i, "www.") {
            bodyStart = i + 4
        } else {
            return nil
        }
        var j = bodyStart
        while j < n {
            let b = p[j]
            if b <= 0x20 || b == 0x22 || b == 0x3C || b == 0x3E || b == 0x29 || b == 0x5D || b >= 0x80 { break }
            j += 1
        }
        // Trailing sentence punctuation is not part of the URL.
        while j > bodyStart && (p[j - 1] == 0x2E || p[j - 1] == 0x2C || p[j - 1] == 0x3B) { j -= 1 }
        return j - bodyStart >= 3 ? j : nil
    }

    @inline(__always)
    static func isBulletStart(_ v: UInt32) -> Bool {
        v == 0x2D || v == 0x2A || v == 0x2022 || v == 0x23 || v == 0x3E || v == 0x25CF || v == 0x25A0 || v == 0x2013
    }

    @inline(__always)
    static func isCodeSymbol(_ v: UInt32) -> Bool {
        switch v {
        case 0x7B, 0x7D, 0x5B, 0x5D, 0x28, 0x29, 0x3B, 0x3D, 0x3C, 0x3E, 0x26, 0x7C, 0x2A, 0x23, 0x5C, 0x7E, 0x5E, 0x60,
            0x24, 0x25, 0x40, 0x2B:
            return true
        default:
            return false
        }
    }

    /// A word glued to `_`, `.`, `/`, `(`, `::` or a digit is an identifier or a path, not prose.
    @inline(__always)
    static func attachesIdentifier(_ before: UInt32, after: UInt32, _ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        switch before {
        case 0x5F, 0x2F, 0x5C, 0x40, 0x24, 0x3C, 0x3D, 0x60, 0x23, 0x25, 0x26, 0x3A, 0x7E, 0x2E:
            return true
        case 0x30...0x39: return true
        default: break
        }
        switch after {
        case 0x5F, 0x28, 0x2F, 0x5C, 0x40, 0x5B, 0x3D, 0x3C, 0x60, 0x30...0x39: return true
        case 0x2E, 0x3A:
            // `os.path`, `std::vec`: a letter right after the dot or colon.
            return i + 1 < p.count && ((p[i + 1] | 0x20) >= 0x61 && (p[i + 1] | 0x20) <= 0x7A || p[i + 1] == 0x3A)
        default: return false
        }
    }
}
