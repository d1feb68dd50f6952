/// What a requested path held in one JSON object.
public enum FoundValue: Sendable, Equatable {
    case missing
    case string(String)
    /// A number, exactly as written.
    case number(String)
    /// null, a boolean, an object or an array.
    case other

    /// The value as a document id: a string, or a number as written (`42`, `1.50`); anything else counts as
    /// absent. The annotate path names documents by it, and reading a line back checks it the same way.
    public var documentID: String? {
        switch self {
        case .string(let text), .number(let text): text
        case .missing, .other: nil
        }
    }

    /// The value when it is a string.
    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}
