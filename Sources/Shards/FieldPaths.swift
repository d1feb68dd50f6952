/// Which JSON fields hold a record's text, id and source, as dotted paths into nested objects
/// (`meta.redpajama_set_name`). Keys that themselves contain dots cannot be named.
public struct FieldPaths: Sendable, Hashable {
    public let text: String
    public let id: String
    public let source: String?

    public init(text: String = "text", id: String = "id", source: String? = nil) throws {
        for path in [text, id] + (source.map { [$0] } ?? []) {
            guard !path.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) else {
                throw ShardsError.invalidFieldPath(path)
            }
        }
        self.text = text
        self.id = id
        self.source = source
    }

    /// Each path's keys as UTF-8 bytes, in the order text, id, source.
    var componentBytes: [[[UInt8]]] {
        ([text, id] + (source.map { [$0] } ?? [])).map { path in
            path.split(separator: ".", omittingEmptySubsequences: false).map { Array($0.utf8) }
        }
    }
}
