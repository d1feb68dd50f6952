import JSONText

/// A line read back from a shard, checked to be the annotated document.
public struct ShardLine: Sendable {
    /// The line as it is in the shard, without its line break.
    public var bytes: [UInt8]
    /// The values at the reader's further field paths, in their order.
    public var values: [FoundValue]
}

/// Why a line could not be read back as the annotated document.
public struct ShardLineError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
