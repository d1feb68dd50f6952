/// A sampling request that cannot be carried out as asked, with what to change.
public struct SamplingError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
