/// A dotted path to a value in nested objects (`meta.redpajama_set_name`). Keys that themselves contain dots
/// cannot be named.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    /// The path as written.
    public let description: String
    /// Its keys as UTF-8, outermost first.
    let keys: [[UInt8]]

    /// Nil when a part of the path is empty (`""`, `.meta`, `meta.`, `a..b`).
    public init?(_ dotted: String) {
        let parts = dotted.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.contains(where: \.isEmpty) else { return nil }
        description = dotted
        keys = parts.map { Array($0.utf8) }
    }
}
