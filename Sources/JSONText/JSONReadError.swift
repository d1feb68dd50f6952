/// Why the pull reader stopped: what it expected or found, and the byte offset where.
public struct JSONReadError: Error, Sendable, CustomStringConvertible {
    public let detail: String
    public let offset: Int

    public init(_ detail: String, offset: Int) {
        self.detail = detail
        self.offset = offset
    }

    public var description: String { "\(detail) at byte \(offset)" }
}
