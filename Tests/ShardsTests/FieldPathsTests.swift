import Testing

@testable import JSONText
@testable import Shards

@Suite struct FieldPathsTests {
    @Test func defaultsAndDottedPaths() throws {
        let defaults = try FieldPaths()
        #expect(defaults.text == "text" && defaults.id == "id" && defaults.source == nil)
        let nested = try FieldPaths(text: "content", id: "meta.doc_id", source: "meta.redpajama_set_name")
        #expect(nested.paths.map(\.description) == ["content", "meta.doc_id", "meta.redpajama_set_name"])
        let keys = nested.paths.map { $0.keys.map { String(decoding: $0, as: UTF8.self) } }
        #expect(keys == [["content"], ["meta", "doc_id"], ["meta", "redpajama_set_name"]])
    }

    @Test(arguments: ["", ".", "meta.", ".meta", "a..b"])
    func emptyComponentsAreRejected(path: String) {
        #expect(throws: ShardsError.invalidFieldPath(path)) { try FieldPaths(text: path) }
        #expect(throws: ShardsError.invalidFieldPath(path)) { try FieldPaths(id: path) }
        #expect(throws: ShardsError.invalidFieldPath(path)) { try FieldPaths(source: path) }
    }
}
