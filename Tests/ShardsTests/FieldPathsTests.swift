import Testing

@testable import Shards

@Suite struct FieldPathsTests {
    @Test func defaultsAndDottedPaths() throws {
        let defaults = try FieldPaths()
        #expect(defaults.text == "text" && defaults.id == "id" && defaults.source == nil)
        let nested = try FieldPaths(text: "content", id: "meta.doc_id", source: "meta.redpajama_set_name")
        #expect(nested.paths.map(\.description) == ["content", "meta.doc_id", "meta.redpajama_set_name"])
    }

    @Test(arguments: ["", ".", "meta.", ".meta", "a..b"])
    func emptyComponentsAreRejected(path: String) {
        #expect(throws: ShardsError.invalidFieldPath(path)) { try FieldPaths(text: path) }
        #expect(throws: ShardsError.invalidFieldPath(path)) { try FieldPaths(id: path) }
        #expect(throws: ShardsError.invalidFieldPath(path)) { try FieldPaths(source: path) }
    }
}
