import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// ANSI colour when the output is a terminal, plain text otherwise (a pipe, a file, NO_COLOR).
public struct TerminalStyle: Sendable {
    public let colour: Bool

    public init(colour: Bool) {
        self.colour = colour
    }

    /// Colour only when standard output is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`.
    public static func forStandardOutput() -> TerminalStyle {
        let environment = ProcessInfo.processInfo.environment
        let wanted = isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        return TerminalStyle(colour: wanted)
    }

    func bold(_ text: String) -> String { wrap(text, "1") }
    func dim(_ text: String) -> String { wrap(text, "2") }

    /// Ratings 1…5 from red to green (256-colour palette).
    func rating(_ text: String, _ rating: Int) -> String {
        let palette = ["196", "208", "220", "113", "34"]
        return wrap(text, "38;5;" + palette[max(1, min(5, rating)) - 1])
    }

    /// Correlations: stronger is more saturated, blue for positive, red for negative.
    func correlation(_ text: String, _ value: Double?) -> String {
        guard let value else { return dim(text) }
        let magnitude = abs(value)
        if magnitude < 0.2 { return dim(text) }
        let code = value > 0 ? (magnitude >= 0.6 ? "38;5;27" : "38;5;75") : (magnitude >= 0.6 ? "38;5;160" : "38;5;210")
        return wrap(text, code)
    }

    private func wrap(_ text: String, _ code: String) -> String {
        colour && !text.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
