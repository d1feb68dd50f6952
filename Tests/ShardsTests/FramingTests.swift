import Foundation
import Testing

@testable import Shards

@Suite struct FramingTests {
    /// (line number, offset, length, text) of each document, for comparing framing results.
    static func summary(_ records: [Record]) -> [String] {
        records.map { record in
            let l = record.locator
            switch record {
            case .document(let d): return "\(l.line)@\(l.offset)+\(l.length):\(d.text)"
            case .bad(let b): return "\(l.line)@\(l.offset)+\(l.length):BAD \(b.reason)"
            }
        }
    }

    @Test func lastLineWithoutNewline() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = try folder.write("{\"text\":\"a\"}\n{\"text\":\"b\"}", to: "s.jsonl")
        let (records, reader) = try readAll(url)
        #expect(Self.summary(records) == ["0@0+12:a", "1@13+12:b"])
        #expect(reader.decompressedBytesRead == 25)
    }

    @Test func crlfLineEndings() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = try folder.write("{\"text\":\"a\"}\r\n{\"text\":\"b\\r\"}\r\n{\"text\":\"c\"}\r", to: "s.jsonl")
        #expect(Self.summary(try readAll(url).records) == ["0@0+12:a", "1@14+14:b\r", "2@30+12:c"])
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = try folder.write("\n{\"text\":\"a\"}\n\n  \t \r\n\r\n{\"text\":\"b\"}\n\n", to: "s.jsonl")
        let (records, reader) = try readAll(url)
        #expect(Self.summary(records) == ["1@1+12:a", "5@23+12:b"])
        #expect(reader.blankLines == 5)
    }

    @Test func emptyAndNewlineOnlyFiles() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let empty = try readAll(try folder.write("", to: "e.jsonl"))
        #expect(empty.records.isEmpty && empty.reader.blankLines == 0)
        let newlines = try readAll(try folder.write("\n\n\n", to: "n.jsonl"))
        #expect(newlines.records.isEmpty && newlines.reader.blankLines == 3)
    }

    @Test func byteOrderMarkAtStartIsSkipped() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = try folder.write(
            [0xEF, 0xBB, 0xBF] + Array("{\"text\":\"a\"}\n{\"text\":\"b\"}\n".utf8),
            to: "s.jsonl"
        )
        #expect(Self.summary(try readAll(url).records) == ["0@3+12:a", "1@16+12:b"])
        // Only at the very start: elsewhere it is just an invalid line.
        let later = try folder.write(
            Array("{\"text\":\"a\"}\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("{\"text\":\"b\"}\n".utf8),
            to: "t.jsonl"
        )
        let records = try readAll(later).records
        #expect(records.count == 2 && records[1].bad != nil)
        // A file that is only a BOM has no lines.
        #expect(try readAll(try folder.write([0xEF, 0xBB, 0xBF], to: "u.jsonl")).records.isEmpty)
    }

    @Test func fiftyMegabyteLine() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let size = 50 << 20
        var line = Array("{\"id\":\"big\",\"text\":\"".utf8)
        line += [UInt8](repeating: UInt8(ascii: "x"), count: size)
        line += Array("\"}\n{\"text\":\"after\"}\n".utf8)
        let url = try folder.write(line, to: "big.jsonl")
        let records = try readAll(url).records
        #expect(records.count == 2)
        let big = try #require(records[0].document)
        #expect(big.id == "big")
        #expect(big.text.utf8.count == size)
        #expect(big.text.utf8.allSatisfy { $0 == UInt8(ascii: "x") })
        #expect(big.locator.length == Int32(size + 22))
        #expect(records[1].document?.text == "after")
        #expect(records[1].locator.offset == Int64(size + 23))
    }

    @Test func linesOverTheLimitBecomeBadRecords() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let limit = 100
        let long = "{\"text\":\"" + String(repeating: "y", count: 5000) + "\"}"
        let exact = "{\"text\":\"" + String(repeating: "z", count: limit - 11) + "\"}"
        let content = "{\"text\":\"a\"}\n" + long + "\r\n" + exact + "\r\n" + long + "\n" + exact + "\n" + long
        let url = try folder.write(content, to: "s.jsonl")
        let records = try readAll(url, maxLineBytes: limit).records
        let reason = "line is longer than 100 bytes (--max-line-bytes)"
        let longLength = long.utf8.count
        #expect(
            Self.summary(records) == [
                "0@0+12:a",
                "1@13+\(longLength):BAD \(reason)",
                "2@\(15 + longLength)+100:" + String(repeating: "z", count: 89),
                "3@\(117 + longLength)+\(longLength):BAD \(reason)",
                "4@\(118 + 2 * longLength)+100:" + String(repeating: "z", count: 89),
                "5@\(219 + 2 * longLength)+\(longLength):BAD \(reason)",
            ]
        )
        #expect(records[1].bad?.id == nil)
    }

    @Test func hugeLineOverTheLimitIsSkippedInPieces() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // Far bigger than the framer's 4 MiB buffer, so it is read past in several pieces.
        let hugeSize = 20 << 20
        var bytes = [UInt8](repeating: UInt8(ascii: "q"), count: hugeSize)
        bytes += Array("\r\n{\"text\":\"next\"}\n".utf8)
        let url = try folder.write(bytes, to: "h.jsonl")
        let records = try readAll(url, maxLineBytes: 1 << 20).records
        #expect(records.count == 2)
        #expect(records[0].bad?.reason == "line is longer than 1048576 bytes (--max-line-bytes)")
        #expect(records[0].locator.length == Int32(hugeSize))
        #expect(records[1].document?.text == "next")
        #expect(records[1].locator == Locator(shard: "h.jsonl", line: 1, offset: Int64(hugeSize + 2), length: 15))
    }

    @Test func invalidLimitIsRejected() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = try folder.write("{}\n", to: "s.jsonl")
        for bad in [0, -5, Int(Int32.max) + 1] {
            #expect(throws: ShardsError.invalidMaxLineBytes(bad)) { try readAll(url, maxLineBytes: bad) }
        }
    }

    @Test func manyLinesAcrossBufferBoundaries() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // ~12 MB of lines of varying length, so lines straddle the 4 MiB buffer refills.
        var content = ""
        var expectedOffsets: [Int64] = []
        var offset: Int64 = 0
        for i in 0..<60_000 {
            let line = "{\"id\":\(i),\"text\":\"" + String(repeating: "w", count: (i * 7919) % 397) + "\"}"
            expectedOffsets.append(offset)
            offset += Int64(line.utf8.count + 1)
            content += line + "\n"
        }
        let url = try folder.write(content, to: "m.jsonl")
        let records = try readAll(url).records
        #expect(records.count == 60_000)
        #expect(records.map(\.locator.offset) == expectedOffsets)
        #expect(
            records.enumerated().allSatisfy {
                $0.element.document?.id == String($0.offset) && $0.element.locator.line == Int64($0.offset)
            }
        )
    }
}
