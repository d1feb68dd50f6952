import Foundation
import JSONText
import Testing

@testable import Shards

@Suite struct ShardLineReaderTests {
    /// A shard of `lines` and the offset and length of each.
    static func shard(_ lines: [String], in folder: TemporaryFolder) throws -> (URL, [(Int64, Int)]) {
        var places: [(Int64, Int)] = []
        var offset: Int64 = 0
        for line in lines {
            places.append((offset, line.utf8.count))
            offset += Int64(line.utf8.count + 1)
        }
        return (try folder.write(lines.joined(separator: "\n") + "\n", to: "s.jsonl"), places)
    }

    static func problem(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("ids are read from the line's own key, not from text or nested keys that look like one")
    func identity() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let lines = [
            #"{"text": "say \"id\": \"fake\"", "lang": "id", "id": "real-1", "meta": {"id": 7}}"#,
            #"{"meta": {"id": "fake"}, "text": "x", "id": "real-2"}"#,
            #"{"text": "\"id\": \"fake\"", "id": "real-3"}"#,
            #"{"id": 123, "text": "numeric"}"#,
            #"{"id": "\u0072eal-5", "text": "escaped id"}"#,
        ]
        let (url, places) = try Self.shard(lines, in: folder)
        let reader = try ShardLineReader(url: url, idField: "id", fields: [FieldPath("text")!])
        for (index, docID) in ["real-1", "real-2", "real-3", "123", "real-5"].enumerated() {
            let line = try reader.document(at: places[index].0, length: places[index].1, docID: docID)
            #expect(line.bytes == Array(lines[index].utf8))
            let texts = ["say \"id\": \"fake\"", "x", "\"id\": \"fake\"", "numeric", "escaped id"]
            #expect(line.values == [.string(texts[index])], "line \(index)")
        }
        for (index, fake) in [(0, "fake"), (0, "7"), (1, "fake"), (2, "fake"), (3, "124")] {
            let reader = try ShardLineReader(url: url, idField: "id")
            let problem = Self.problem {
                _ = try reader.document(at: places[index].0, length: places[index].1, docID: fake)
            }
            #expect(problem?.contains("the annotation says '\(fake)'") == true, "\(fake): \(problem ?? "nil")")
        }
    }

    @Test func nestedIDFieldsAndFurtherFields() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let lines = [#"{"id": "top", "meta": {"doc": {"id": 42}}, "body": {"text": "t"}}"#]
        let (url, places) = try Self.shard(lines, in: folder)
        let reader = try ShardLineReader(url: url, idField: "meta.doc.id", fields: [FieldPath("body.text")!])
        let line = try reader.document(at: places[0].0, length: places[0].1, docID: "42")
        #expect(line.values == [.string("t")])
        let again = try ShardLineReader(url: url, idField: "meta.doc.id")
        let problem = Self.problem { _ = try again.document(at: places[0].0, length: places[0].1, docID: "top") }
        #expect(problem?.contains("holds meta.doc.id '42', the annotation says 'top'") == true)
    }

    @Test("a line without an id was named by its place, and is not held against the doc_id")
    func absentIDs() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let lines = [#"{"text": "a"}"#, #"{"id": null, "text": "b"}"#]
        let (url, places) = try Self.shard(lines, in: folder)
        let reader = try ShardLineReader(url: url, idField: "id")
        _ = try reader.document(at: places[0].0, length: places[0].1, docID: "s.jsonl:0")
        _ = try reader.document(at: places[1].0, length: places[1].1, docID: "s.jsonl:1")
    }

    @Test("lines must start and end at line breaks, be read in order and still be JSON")
    func boundaries() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let lines = [#"{"id": "a"}"#, #"{"id": "b"}"#, "not json"]
        let (url, places) = try Self.shard(lines, in: folder)
        func problem(_ offset: Int64, _ length: Int, _ docID: String) -> String? {
            let reader = try! ShardLineReader(url: url, idField: "id")
            return Self.problem { _ = try reader.document(at: offset, length: length, docID: docID) }
        }
        #expect(problem(places[0].0, places[0].1 - 1, "a")?.contains("longer than the") == true)
        #expect(problem(1, places[0].1 - 1, "a")?.contains("does not start a line") == true)
        #expect(problem(places[2].0, places[2].1, "c")?.contains("is not a JSON object") == true)
        #expect(problem(places[2].0, places[2].1 + 5, "c")?.contains("ends inside the line") == true)
        let reader = try ShardLineReader(url: url, idField: "id")
        _ = try reader.document(at: places[1].0, length: places[1].1, docID: "b")
        let backwards = Self.problem { _ = try reader.document(at: places[0].0, length: places[0].1, docID: "a") }
        #expect(backwards?.contains("offset order") == true)
    }

    /// The reader frames lines as annotate did: a byte order mark before the first line and `\r\n` endings.
    @Test("lines are found where annotate's reader located them")
    func bomAndCRLF() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = try folder.write(
            "\u{FEFF}{\"id\": \"a\", \"text\": \"x\"}\r\n{\"id\": \"b\", \"text\": \"y\"}",
            to: "bom.jsonl"
        )
        let shard = try ShardListing.list([url]).first!
        let reader = try ShardReader(file: shard, fields: FieldPaths())
        var documents: [Document] = []
        while let record = try reader.next() {
            if case .document(let document) = record { documents.append(document) }
        }
        #expect(documents.map(\.locator.offset) == [3, 29])
        let lines = try ShardLineReader(url: url, idField: "id")
        for document in documents {
            let line = try lines.document(
                at: document.locator.offset,
                length: Int(document.locator.length),
                docID: document.id
            )
            #expect(
                String(decoding: line.bytes, as: UTF8.self)
                    == "{\"id\": \"\(document.id)\", \"text\": \"\(document.text)\"}"
            )
        }
    }
}
