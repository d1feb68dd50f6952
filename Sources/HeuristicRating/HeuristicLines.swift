/// Line structure: which lines are boilerplate (navigation, link lists, cookie and copyright
/// notices), which look like code, and how well prose paragraphs are formed.
///
/// Boilerplate lines, after the C4 and FineWeb line filters (Raffel et al. 2020; Penedo et al. 2024):
/// a short line with a boilerplate phrase ("click here", "all rights reserved", 版权所有);
/// a line that is mostly URLs or markdown/HTML links; a menu line of 2+ separators (`|` `»` `·`);
/// a run of 3+ short unpunctuated lines (1-4 words or up to 8 CJK characters, mostly letters,
/// no code symbols) of which at least half start with a capital or are CJK (a navigation list).
struct LineStats {
    var nonBlankLines = 0
    var boilerplateChars = 0.0
    var boilerplateLines = 0
    var codeLines = 0
    /// Lines of running prose: 6+ tokens with stop words, not code, not a code comment.
    var proseLines = 0
    var keywordLines = 0
    var proseParagraphs = 0
    var terminatedParagraphs = 0
    var fragmentLines = 0
    var longLineChars = 0.0
    var structuredLines = 0
    var indentedLines = 0
    var evenIndentLines = 0
    var meanLineLength = 0.0
    /// Per line: judged boilerplate.
    var boilerplate: [Bool] = []

    static let longLine: UInt32 = 1200

    static func run(_ text: ScannedText, lexical: LexicalStats, lexicon: Lexicon) -> LineStats {
        var s = LineStats()
        let lines = text.lines
        let tokens = text.tokens
        var isBoilerplate = [Bool](repeating: false, count: lines.count)
        var navRun: [Int] = []
        var totalLength = 0

        func closeNavRun() {
            if navRun.count >= 3 {
                let capitalized = navRun.filter { startsCapitalizedOrCJK(lines[$0], tokens) }.count
                if capitalized * 2 >= navRun.count { for l in navRun { isBoilerplate[l] = true } }
            }
            navRun.removeAll(keepingCapacity: true)
        }

        for (index, line) in lines.enumerated() {
            if line.isBlank { continue }
            s.nonBlankLines += 1
            totalLength += Int(line.nonSpace)
            let tokenCount = line.tokenCount
            let terminated = isTerminated(line.last)
            let nonSpace = Double(line.nonSpace)
            if lexical.boilerplateByLine[index] > 0 && tokenCount <= 30 { isBoilerplate[index] = true }
            if Double(line.urlBytes) >= 0.4 * nonSpace || line.urls >= 2 || line.linkMarks >= 1 {
                isBoilerplate[index] = true
            }
            if line.separators >= 2 && tokenCount <= 4 * Int(line.separators) + 4 { isBoilerplate[index] = true }
            let shortLine =
                tokenCount >= 1 && (line.han > 0 ? line.han <= 8 && tokenCount <= 10 : tokenCount <= 4)
                && line.nonSpace <= 40 && !terminated && line.codeSymbols == 0
                && Double(line.letters) >= 0.5 * nonSpace
            if shortLine { navRun.append(index) } else { closeNavRun() }

            if isCodeLike(line, startsWithKeyword: lexical.keywordLineStart[index]) {
                s.codeLines += 1
            } else if tokenCount >= 6 && lexical.stopwordsByLine[index] >= 1 && !LineStats.isCommentStart(line.first) {
                s.proseLines += 1
            }
            if lexical.keywordLineStart[index] { s.keywordLines += 1 }
            if line.nonSpace >= longLine { s.longLineChars += nonSpace }
            if tokenCount <= 2 && !terminated && !Scanner.isBulletStart(line.first) && line.codeSymbols == 0
                && line.letters > 0
            {
                s.fragmentLines += 1
            }
            if Scanner.isBulletStart(line.first) || (line.first >= 0x30 && line.first <= 0x39 && tokenCount <= 20) {
                s.structuredLines += 1
            }
            if line.indent > 0 {
                s.indentedLines += 1
                if line.hasTab || line.indent % 2 == 0 { s.evenIndentLines += 1 }
            }
        }
        closeNavRun()
        s.boilerplate = isBoilerplate

        for (index, line) in lines.enumerated() where isBoilerplate[index] {
            s.boilerplateLines += 1
            s.boilerplateChars += Double(line.nonSpace)
        }
        let total = Double(max(text.counts.nonSpace, 1))
        s.boilerplateChars /= total
        s.longLineChars /= total
        s.meanLineLength = s.nonBlankLines > 0 ? Double(totalLength) / Double(s.nonBlankLines) : 0
        s.countParagraphs(lines, tokens)
        return s
    }

    /// Prose paragraphs (blocks between blank lines with 8+ words, few code symbols) and how many
    /// end with closing punctuation (C4 keeps only lines that do).
    private mutating func countParagraphs(_ lines: [LineInfo], _ tokens: [Token]) {
        var words = 0
        var symbols = 0
        var chars = 0
        var last: UInt32 = 0
        func close() {
            if words >= 8 && Double(symbols) < 0.05 * Double(max(chars, 1)) {
                proseParagraphs += 1
                if LineStats.isTerminated(last) { terminatedParagraphs += 1 }
            }
            words = 0
            symbols = 0
            chars = 0
        }
        for line in lines {
            if line.isBlank {
                close()
                continue
            }
            words += line.tokenCount
            symbols += Int(line.codeSymbols)
            chars += Int(line.nonSpace)
            last = line.last
        }
        close()
    }

    /// `//`, `#`, `/*`, ` * `, `--`, `;`: how comments start in common languages.
    static func isCommentStart(_ v: UInt32) -> Bool {
        v == 0x2F || v == 0x23 || v == 0x2A || v == 0x2D || v == 0x3B || v == 0x25
    }

    static func isTerminated(_ v: UInt32) -> Bool {
        switch v {
        case 0x2E, 0x21, 0x3F, 0x3A, 0x2026, 0x3002, 0xFF01, 0xFF1F, 0xFF1A, 0x22, 0x27, 0x201D, 0x2019, 0x29, 0xFF09,
            0x300D, 0x300F, 0xFF0E:
            return true
        default:
            return false
        }
    }

    private static func startsCapitalizedOrCJK(_ line: LineInfo, _ tokens: [Token]) -> Bool {
        guard line.tokenEnd > line.tokenStart else { return false }
        let t = tokens[Int(line.tokenStart)]
        return t.kind.isCharacter || t.flags.contains(.capitalized) || t.flags.contains(.allUpper)
    }

    /// A line of source code: ends like a statement or block with code symbols in it, starts with a
    /// keyword, or is dense with symbols.
    static func isCodeLike(_ line: LineInfo, startsWithKeyword: Bool) -> Bool {
        if line.texCommands > 0 && line.last != 0x3B { return false }
        let density = Double(line.codeSymbols) / Double(max(line.nonSpace, 1))
        let codeEnding: Bool
        switch line.last {
        case 0x3B, 0x7B, 0x7D, 0x29, 0x3A, 0x2C, 0x5D, 0x28: codeEnding = true
        default: codeEnding = false
        }
        if density >= 0.25 { return true }
        if codeEnding && line.codeSymbols >= 2 && (density >= 0.06 || startsWithKeyword) { return true }
        return startsWithKeyword && line.codeSymbols >= 1
    }
}
