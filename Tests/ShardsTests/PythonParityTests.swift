import Foundation
import Testing

@testable import Shards

/// Extraction agrees with Python's json module on real corpus lines and on hand-made tricky ones.
@Suite struct PythonParityTests {
    struct Expected: Decodable {
        var ok: Bool
        var id: String?
        var text: String?
        var source: String?
    }

    static let shards = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shards")

    /// Lines where Python's json and this reader must agree (both accept, or both refuse).
    static let crafted: [String] = [
        #"{"id": "a", "text": "plain"}"#,
        #"{"text": "esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00 \u0000", "id": 12.50}"#,
        #"{"meta": {"src": "web", "text": "inner"}, "text": "outer", "id": -3e5}"#,
        #"{"text": "dup", "text": "dup2", "meta": {"src": 1}, "meta": {"src": "second"}}"#,
        #"{"te\u0078t": "escaped key", "id": null}"#,
        #"{"text": "ü 世界 🎉", "id": "ünï", "list": [1, [2, {"text": "no"}], "x"]}"#,
        #"{"text": 1}"#,
        #"{"id": "x"}"#,
        #"{"text": "a"} trailing"#,
        #"{"text": "a\qb"}"#,
        #"["text"]"#,
        #"{"text": "unterminated}"#,
        #"{"text": "x", "n": 01}"#,
        #"{"text": "x",}"#,
        "  {\"text\" :\t\"spaced\" }  ",
    ]

    /// Writes `lines` as a shard, asks Python for each line's fields, and compares with the reader.
    static func compare(lines: [String], in folder: TemporaryFolder) throws {
        let shard = try folder.write(lines.joined(separator: "\n") + "\n", to: "parity.jsonl")
        let expectedURL = folder.file("expected.json")
        let script = """
            import json, sys
            out = []
            for raw in open(sys.argv[1], 'rb'):
                try:
                    d = json.loads(raw)
                    ok = isinstance(d, dict) and isinstance(d.get('text'), str)
                except ValueError:
                    d, ok = None, False
                if not ok:
                    out.append({'ok': False})
                    continue
                i = d.get('id')
                src = d.get('meta')
                src = src.get('src') if isinstance(src, dict) else None
                out.append({'ok': True, 'text': d['text'],
                            'id': i if isinstance(i, str) else (json.dumps(i) if isinstance(i, (int, float)) and not isinstance(i, bool) else None),
                            'source': src if isinstance(src, str) else None})
            json.dump(out, open(sys.argv[2], 'w'))
            """
        let scriptURL = try folder.write(script, to: "expected.py")
        try shell("python3 '\(scriptURL.path)' '\(shard.path)' '\(expectedURL.path)'")
        let expected = try JSONDecoder().decode([Expected].self, from: Data(contentsOf: expectedURL))
        let records = try readAll(shard, fields: try FieldPaths(source: "meta.src")).records
        #expect(records.count == expected.count)
        for (index, (record, want)) in zip(records, expected).enumerated() {
            switch record {
            case .document(let d):
                #expect(want.ok, "line \(index) accepted, Python refused it")
                #expect(d.text == want.text, "line \(index)")
                #expect(d.source == want.source, "line \(index)")
                // Python re-prints numbers, so only string ids and absent ids compare exactly.
                if let id = want.id, lines[index].contains("\"id\": \"") { #expect(d.id == id, "line \(index)") }
                if want.id == nil { #expect(d.id == "parity.jsonl:\(index)", "line \(index)") }
            case .bad(let b):
                #expect(!want.ok, "line \(index) refused (\(b.reason)), Python accepted it")
            }
        }
    }

    @Test func craftedLines() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try Self.compare(lines: Self.crafted, in: folder)
    }

    /// Real lines of the bundled shards: prose, code, escaped Chinese (dolma layout) and SlimPajama records.
    @Test func bundledShardLines() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let sampleURL = folder.file("sample.txt")
        let root = Self.shards.path
        try shell(
            """
            { cat '\(root)/books/fortunes.jsonl' '\(root)/docs/python-tutorial.jsonl'; \
              zstd -dcq '\(root)/docs/manpages-zh.jsonl.zst' '\(root)/books/gutenberg.jsonl.zst' '\(root)/code/go.jsonl.zst'; } \
            > '\(sampleURL.path)'
            """
        )
        let lines = try String(contentsOf: sampleURL, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count > 300)
        try Self.compare(lines: lines, in: folder)
    }
}
