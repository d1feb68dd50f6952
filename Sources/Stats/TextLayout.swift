/// Padding, truncation and wrapping by terminal columns: CJK and other wide characters take two
/// columns, so names and excerpts in any script line up.
enum TextLayout {
    static func left(_ text: String, _ width: Int) -> String {
        let fitted = fit(text, width)
        return fitted + String(repeating: " ", count: max(0, width - columns(fitted)))
    }

    static func right(_ text: String, _ width: Int) -> String {
        let fitted = fit(text, width)
        return String(repeating: " ", count: max(0, width - columns(fitted))) + fitted
    }

    /// Cuts with an ellipsis when wider than `width` columns.
    static func fit(_ text: String, _ width: Int) -> String {
        guard columns(text) > width else { return text }
        var out = ""
        var used = 0
        for character in text {
            let size = columns(character)
            guard used + size <= width - 1 else { break }
            out.append(character)
            used += size
        }
        return width >= 1 ? out + "…" : out
    }

    /// Breaks `text` at spaces into lines of at most `width` columns; a word longer than a line is
    /// cut. Continuation lines start with `indent`.
    static func wrap(_ text: String, _ width: Int, indent: String = "  ") -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if current.isEmpty {
                current = (lines.isEmpty ? "" : indent) + word
            } else if columns(current) + 1 + columns(String(word)) <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = indent + word
            }
            while columns(current) > width {
                let head = fit(current, width + 1).dropLast()
                lines.append(String(head))
                current = indent + current.dropFirst(head.count)
            }
        }
        lines.append(current)
        return lines
    }

    /// Terminal columns `text` takes.
    static func columns(_ text: String) -> Int {
        text.reduce(0) { $0 + columns($1) }
    }

    /// Two for East Asian wide and fullwidth characters and emoji, one otherwise (combining marks
    /// belong to their character already).
    static func columns(_ character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first, scalar.value >= 0x1100 else { return 1 }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
