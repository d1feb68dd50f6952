import JSONText

/// Which JSON fields hold a record's text, id and source, as dotted paths into nested objects
/// (`meta.redpajama_set_name`). Keys that themselves contain dots cannot be named.
public struct FieldPaths: Sendable, Hashable {
    public let text: String
    public let id: String
    public let source: String?
    /// The paths the extractor reads, in the order text, id, source.
    let paths: [FieldPath]

    public init(text: String = "text", id: String = "id", source: String? = nil) throws {
        paths = try ([text, id] + (source.map { [$0] } ?? [])).map { path in
            guard let parsed = FieldPath(path) else { throw ShardsError.invalidFieldPath(path) }
            return parsed
        }
        self.text = text
        self.id = id
        self.source = source
    }
}
