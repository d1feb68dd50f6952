/// A problem found while computing or rendering statistics; names the file and place.
public struct StatsError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
