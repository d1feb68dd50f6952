import Codecs
import FileIO
import Foundation
import Testing

@testable import Parquet

/// The row cursor's schema view and its errors: unknown, repeated and non-text columns, corrupt pages, hostile
/// page headers.
@Suite(
    "Parquet row cursor: schema and errors",
    .serialized,
    .enabled(
        if: ProcessInfo.processInfo.environment["DATAMAN_SKIP_INTEROP"] != "1",
        "DATAMAN_SKIP_INTEROP=1 is set"
    )
)
struct StreamingCursorTests {
    /// A gzip file (gzip checks a CRC, so damage is always detected) without dictionaries, of small pages, with
    /// a struct, a list and a double; prints the file offset of the first data page of `text` in row group 0.
    static let writer = """
        import sys, pyarrow as pa, pyarrow.parquet as pq
        n = 3000
        table = pa.table({
            "id": pa.array(range(n), pa.int64()),
            "text": pa.array([f"row {i} " + "漢字😀" * (i % 9) for i in range(n)], pa.string()),
            "small": pa.array([i % 100 - 50 for i in range(n)], pa.int8()),
            "metadata": pa.array([None if i % 4 == 0 else {"dump": f"d{i}", "score": i / 2} for i in range(n)],
                                 pa.struct([("dump", pa.string()), ("score", pa.float64())])),
            "tags": pa.array([["a"] * (i % 3) for i in range(n)], pa.list_(pa.string())),
            "score": pa.array([i / 3 for i in range(n)], pa.float64()),
        })
        pq.write_table(table, sys.argv[1], compression="gzip", use_dictionary=False, data_page_size=4096,
                       row_group_size=2000)
        print(pq.ParquetFile(sys.argv[1]).metadata.row_group(0).column(1).data_page_offset)
        """

    static func write(_ url: URL) throws -> Int {
        let (status, output) = try runCommand(["python3", "-c", writer, url.path])
        try #require(status == 0, "python failed:\n\(output)")
        return try #require(Int(output.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test("leaf columns have dotted paths, types, levels; struct fields are null where the struct is")
    func leafColumns() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("nested.parquet")
        _ = try Self.write(url)
        let reader = try ParquetReader(url: url)
        let leaves = Dictionary(uniqueKeysWithValues: reader.leafColumns.map { ($0.dottedPath, $0) })
        #expect(
            reader.leafColumns.map(\.dottedPath) == [
                "id", "text", "small", "metadata.dump", "metadata.score", "tags.list.element", "score",
            ]
        )
        #expect(leaves["id"]?.typeDescription == "INT64")
        #expect(leaves["text"]?.typeDescription == "BYTE_ARRAY (STRING)")
        #expect(leaves["small"]?.typeDescription == "INT32 (INTEGER(8,signed))")
        #expect(leaves["metadata.dump"]?.path == ["metadata", "dump"])
        #expect(leaves["metadata.dump"]?.maxDefinitionLevel == 2)
        #expect(leaves["tags.list.element"]?.typeDescription == "list<BYTE_ARRAY (STRING)>")
        #expect(leaves["tags.list.element"]?.isRepeated == true)
        #expect(leaves["tags.list.element"]?.maxRepetitionLevel == 1)
        #expect(leaves["score"]?.typeDescription == "DOUBLE")
        #expect(leaves["score"]?.isReadable == false)
        // The legacy API sees the top-level columns of its types only.
        #expect(reader.columns.map(\.name) == ["id", "text", "small"])

        let cursor = try reader.rows(rowGroup: 1, columns: ["metadata.dump", "small", "id"], firstRow: 10)
        let batch = try #require(try cursor.next(maxRows: 8))
        let rows = (2010..<2018)
        #expect(batch.columns[0] == rows.map { $0 % 4 == 0 ? .null : .string("d\($0)") })
        #expect(batch.columns[1] == rows.map { .integer(Int64($0 % 100 - 50)) })
        #expect(batch.columns[2] == rows.map { .integer(Int64($0)) })
        #expect(reader.rowCount(rowGroup: 1) == 1000)
        #expect(reader.rowCount(rowGroup: 2) == 0)
    }

    @Test("unknown, repeated and floating-point columns are refused by name")
    func refusedColumns() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("nested.parquet")
        _ = try Self.write(url)
        let reader = try ParquetReader(url: url)
        func failure(_ columns: [String], rowGroup: Int = 0) -> ParquetError? {
            do {
                _ = try reader.rows(rowGroup: rowGroup, columns: columns)
                return nil
            } catch { return error as? ParquetError }
        }
        let missing = try #require(failure(["text", "nope"]))
        guard case .noSuchColumn(let file, "nope", let available) = missing else {
            Issue.record("\(missing)")
            return
        }
        #expect(file == url.path)
        #expect(available == ["id", "text", "small", "metadata.dump"])
        #expect(missing.message.contains("id, text, small, metadata.dump"))
        let double = try #require(failure(["score"]))
        #expect(double.message.contains("'score'") && double.message.contains("DOUBLE"), "\(double)")
        guard case .unsupported = double else {
            Issue.record("\(double)")
            return
        }
        let list = try #require(failure(["tags.list.element"]))
        #expect(list.message.contains("'tags.list.element'") && list.message.contains("repeated"), "\(list)")
        let noGroup = failure(["id"], rowGroup: 2)
        #expect(noGroup == .noSuchRowGroup(file: url.path, rowGroup: 2, count: 2), "\(String(describing: noGroup))")
    }

    @Test("a corrupt page fails with the file, row group, column and page offset; other columns still read")
    func corruptPage() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("corrupt.parquet")
        let offset = try Self.write(url)
        var bytes = [UInt8](try Data(contentsOf: url))
        var header = ThriftCompactReader(bytes: bytes, position: offset)
        let page = try PageHeader.decode(&header)
        let middle = header.position + Int(page.compressedPageSize) / 2
        for i in middle..<(middle + 16) { bytes[i] ^= 0x5A }
        try Data(bytes).write(to: url)

        let reader = try ParquetReader(url: url)
        let cursor = try reader.rows(rowGroup: 0, columns: ["id", "text"])
        var error: ParquetError?
        do { while try cursor.next(maxRows: 500) != nil {} } catch let e as ParquetError { error = e }
        let failure = try #require(error)
        guard case .malformed(let file, let place?, _) = failure else {
            Issue.record("\(failure)")
            return
        }
        #expect(file == url.path)
        #expect(place == "row group 0, column 'text', page at byte \(offset)", "\(failure)")
        // The cursor stays failed rather than reading on past the damage.
        #expect(throws: failure) { try cursor.next(maxRows: 1) }
        let ids = try reader.rows(rowGroup: 0, columns: ["id"])
        var count = 0
        while let batch = try ids.next(maxRows: 700) { count += batch.rowCount }
        #expect(count == 2000)
    }

    @Test("not Parquet, or a truncated footer, is named as such")
    func notParquet() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("valid.parquet")
        _ = try Self.write(url)
        let bytes = [UInt8](try Data(contentsOf: url))
        let truncated = folder.file("truncated.parquet")
        try Data(bytes.dropLast(20)).write(to: truncated)
        let text = folder.file("text.parquet")
        try Data("{\"text\": \"hello\"}\n".utf8).write(to: text)
        for (file, reason) in [(truncated, "no PAR1 magic at the end"), (text, "no PAR1 magic at byte 0")] {
            #expect {
                _ = try ParquetReader(url: file)
            } throws: { error in
                guard case .notParquet(let path, let message) = error as? ParquetError else { return false }
                return path == file.path && message.contains(reason)
            }
        }
    }

    @Test("a schema whose nested groups claim more elements than there are is refused (fuzzer regression)")
    func schemaOverrun() {
        let leaf = SchemaElement(type: PhysicalType.int64, repetition: Repetition.optional, name: "x")
        let root = SchemaElement(name: "schema", numChildren: 2)
        let group = SchemaElement(repetition: Repetition.optional, name: "g", numChildren: 1)
        // Each count fits the elements after it, but the group's child is the root's second: none is left.
        #expect {
            _ = try SchemaLeaf.leaves(of: [root, group, leaf])
        } throws: { error in
            (error as? FormatIssue)?.message.contains("run past") == true
        }
        #expect(throws: Never.self) { _ = try SchemaLeaf.leaves(of: [root, group, leaf, leaf]) }
    }

    @Test("LZ4 blocks read bare (LZ4_RAW) and in Hadoop's framing (the deprecated LZ4), and sizes must match")
    func lz4Framings() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let original = Array(String(repeating: "row ✓ data, ", count: 2_000).utf8)
        let input = folder.file("plain")
        try Data(original).write(to: input)
        let compress = """
            import sys, pyarrow as pa
            data = open(sys.argv[1], "rb").read()
            half = len(data) // 2
            for part, name in ((data, "whole"), (data[:half], "first"), (data[half:], "second")):
                open(sys.argv[1] + "." + name, "wb").write(pa.compress(part, codec="lz4_raw", asbytes=True))
            """
        let (status, output) = try runCommand(["python3", "-c", compress, input.path])
        try #require(status == 0, "python failed:\n\(output)")
        func block(_ name: String) throws -> [UInt8] {
            [UInt8](try Data(contentsOf: input.appendingPathExtension(name)))
        }
        func bigEndian(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
        let half = original.count / 2
        let first = try block("first")
        let second = try block("second")
        // Two Hadoop frames: each a big-endian decompressed size and compressed size before its block.
        let hadoop =
            bigEndian(half) + bigEndian(first.count) + first + bigEndian(original.count - half)
            + bigEndian(second.count) + second
        let decompressor = BlockDecompressor()
        func decoded(_ codec: BlockCodec, _ bytes: [UInt8], size: Int) -> [UInt8]? {
            var out = [UInt8](repeating: 0, count: size)
            let ok = bytes.withUnsafeBytes { input in
                out.withUnsafeMutableBytes { (try? decompressor.decompress(codec, input, into: $0)) != nil }
            }
            return ok ? out : nil
        }
        let whole = try block("whole")
        #expect(decoded(.lz4Raw, whole, size: original.count) == original)
        #expect(decoded(.lz4Hadoop, hadoop, size: original.count) == original)
        // Older writers stored a bare block under the deprecated codec; it is read as one.
        #expect(decoded(.lz4Hadoop, whole, size: original.count) == original)
        #expect(decoded(.lz4Raw, whole, size: original.count + 1) == nil)
        #expect(decoded(.lz4Hadoop, hadoop, size: original.count - 1) == nil)
    }

    @Test("page headers claiming gigabytes fail before anything is allocated")
    func hostilePageHeaders() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let cases: [(uncompressed: Int32, compressed: Int32, stated: Int64, message: String)] = [
            (Int32.max, 10, 100, "2147483647 uncompressed bytes, over the 100"),
            (Int32.max, 10, 0, "over the \(PageSource.maxPageSize)"),
            (100, Int32.max, 100, "overruns its column chunk"),
        ]
        for c in cases {
            let header = PageHeader(
                type: PageHeader.Kind.dataPage.rawValue,
                uncompressedPageSize: c.uncompressed,
                compressedPageSize: c.compressed,
                dataPage: .init(
                    numValues: 1,
                    encoding: Encoding.plain,
                    definitionLevelEncoding: 3,
                    repetitionLevelEncoding: 3
                )
            ).encoded()
            let bytes = header + [UInt8](repeating: 0, count: 10)
            let url = folder.file("page")
            try Data(bytes).write(to: url)
            let meta = ColumnMetaData(
                type: PhysicalType.byteArray,
                encodings: [Encoding.plain],
                path: ["text"],
                codec: 1,
                numValues: 1,
                totalUncompressedSize: c.stated,
                totalCompressedSize: Int64(bytes.count),
                dataPageOffset: 0
            )
            var source = try PageSource(
                file: try PositionalFile(path: url.path),
                start: 0,
                end: bytes.count,
                meta: meta,
                decompressor: BlockDecompressor()
            )
            #expect {
                _ = try source.nextHeader()
            } throws: { error in
                (error as? FormatIssue)?.message.contains(c.message) == true
            }
        }
    }
}
