import Foundation
import Parquet
import Testing

/// `dataman annotate` over Parquet shards, proved against the JSONL copy of the same corpus and against files that
/// pyarrow writes: the same ratings per document, bad files failing alone, row groups dealt over ranks, and the
/// documents read back by `stats --examples` and `sample --materialize`.
@Suite struct ParquetInputCLITests {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dataman-pqin-\(UUID().uuidString)")

    /// Runs python3 with `arguments`; fails the test on a non-zero exit.
    @discardableResult
    func python(_ arguments: [String]) throws -> String {
        let result = try CommandRunner.python(arguments)
        #expect(result.status == 0, "python3 \(arguments.prefix(3)) failed: \(result.stderr.suffix(2000))")
        return result.stdout
    }

    /// Writes one Parquet file from a pyarrow expression of `table` (`pa`, `pq` imported).
    func writeParquet(_ path: URL, _ body: String) throws {
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        try python(["-c", "import pyarrow as pa, pyarrow.parquet as pq, sys\npath = sys.argv[1]\n" + body, path.path])
    }

    /// Every annotation column but the locator's, row by row: a Parquet copy must rate as its JSONL original.
    @Test func parquetCopyRatesLikeItsJSONLOriginal() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let copy = scratch.appendingPathComponent("shards")
        try python(["scripts/interop/jsonl_to_parquet.py", "shards", copy.path, "--row-group-size", "40"])
        let fromJSONL = scratch.appendingPathComponent("ann-jsonl")
        let fromParquet = scratch.appendingPathComponent("ann-parquet")
        #expect(try CommandRunner.run(["annotate", "shards", "--out", fromJSONL.path, "--quiet"]).status == 0)
        let run = try CommandRunner.run(["annotate", copy.path, "--out", fromParquet.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("annotated 17 of 17 shards"), "\(run.stderr)")

        var compared = 0
        for jsonl in try FileManager.default.subpathsOfDirectory(atPath: fromJSONL.path)
        where jsonl.hasSuffix(".parquet") && !jsonl.hasPrefix("_") {
            let parquetName = jsonl.components(separatedBy: ".jsonl")[0] + ".parquet.parquet"
            let original = try ParquetReader(url: fromJSONL.appendingPathComponent(jsonl))
            let copied = try ParquetReader(url: fromParquet.appendingPathComponent(parquetName))
            #expect(original.rowCount == copied.rowCount, "\(jsonl)")
            let ids = try strings(original, "doc_id")
            for column in original.columns.map(\.name) where !["line", "offset", "length"].contains(column) {
                var left = try original.read(column: column)
                var right = try copied.read(column: column)
                if column == "doc_id" || column == "id_hash" {
                    // Lines without an id are named `<shard>:<line>`, rows `<shard>:<row>`: compare the named ones.
                    let named = ids.map { !($0?.contains(".jsonl") ?? true) }
                    left = keep(left, named)
                    right = keep(right, named)
                }
                #expect(left == right, "\(jsonl): column \(column) differs")
            }
            compared += 1
        }
        #expect(compared == 17)

        // The documents read back from the Parquet shards: examples, and a materialized mixture equal to the one
        // made from the JSONL shards (the same ratings select the same documents; the lines hold the same texts).
        let stats = try CommandRunner.run([
            "stats", fromParquet.path, "--shards", copy.path, "--examples", "2",
            "--json", scratch.appendingPathComponent("stats.json").path,
        ])
        #expect(stats.status == 0, "\(stats.stderr)")
        #expect(!stats.stdout.contains("cannot read") && !stats.stdout.contains("changed since"), "\(stats.stdout)")
        var texts: [[String: String]] = []
        for (annotations, shards) in [(fromJSONL, "shards"), (fromParquet, copy.path)] {
            let out = scratch.appendingPathComponent("mix-\(texts.count)")
            let sample = try CommandRunner.run([
                "sample", annotations.path, "--budget", "200K", "--seed", "3", "--out", out.path,
                "--materialize", "--shards", shards,
            ])
            #expect(sample.status == 0, "\(sample.stderr)")
            texts.append(try materializedTexts(out))
        }
        // Documents without an id are named by their shard path and line, which differ between the copies, and
        // seed different sampling keys; the named ones must be read back with the same text.
        let common = Set(texts[0].keys).intersection(texts[1].keys)
        #expect(common.count > 10, "only \(common.count) documents in both mixtures")
        let differing = common.filter { texts[0][$0] != texts[1][$0] }.sorted()
        #expect(differing.isEmpty, "texts differ for \(differing.prefix(5))")
    }

    /// Not Parquet, a truncated footer, a corrupt page: each file fails alone with its reason and place, the others
    /// are annotated, the run exits 1, and a rerun retries the failed files.
    @Test func badParquetFilesFailAloneAndAreRetried() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let input = scratch.appendingPathComponent("in")
        let table = """
            import hashlib
            texts = [' '.join(hashlib.sha256(f'{i}-{j}'.encode()).hexdigest() for j in range(12)) for i in range(3000)]
            t = pa.table({'id': [f'd{i}' for i in range(3000)], 'text': texts})

            """
        try writeParquet(input.appendingPathComponent("good.parquet"), table + "pq.write_table(t, path)")
        // The text column's first page header overwritten. (Bytes inside a compressed page are no sure test:
        // zstd and deflate store incompressible text raw, and pyarrow writes no page checksums by default.)
        try writeParquet(
            input.appendingPathComponent("corrupt.parquet"),
            table + """
                pq.write_table(t, path, compression='zstd', use_dictionary=False)
                chunk = pq.ParquetFile(path).metadata.row_group(0).column(1)
                data = bytearray(open(path, 'rb').read())
                data[chunk.data_page_offset:chunk.data_page_offset + 8] = b'\\xff' * 8
                open(path + '.pristine', 'wb').write(open(path, 'rb').read())
                open(path, 'wb').write(data)
                """
        )
        let corrupt = input.appendingPathComponent("corrupt.parquet")
        let pristine = try [UInt8](Data(contentsOf: input.appendingPathComponent("corrupt.parquet.pristine")))
        try FileManager.default.removeItem(at: input.appendingPathComponent("corrupt.parquet.pristine"))
        try Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }).write(
            to: input.appendingPathComponent("random.parquet")
        )
        try Data(pristine.dropLast(200)).write(to: input.appendingPathComponent("truncated.parquet"))

        let out = scratch.appendingPathComponent("out")
        let first = try CommandRunner.run(["annotate", input.path, "--out", out.path, "--quiet"])
        #expect(first.status == 1, "\(first.stderr)")
        #expect(first.stderr.contains("annotated 1 of 4 shards"), "\(first.stderr)")
        #expect(first.stderr.contains("random.parquet") && first.stderr.contains("no PAR1 magic"), "\(first.stderr)")
        #expect(first.stderr.contains("truncated.parquet"), "\(first.stderr)")
        #expect(
            first.stderr.contains("corrupt.parquet") && first.stderr.contains("row group 0")
                && first.stderr.contains("column 'text'") && first.stderr.contains("page at byte"),
            "\(first.stderr)"
        )
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("good.parquet.parquet").path))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("corrupt.parquet.parquet").path))

        try Data(pristine).write(to: corrupt)
        let second = try CommandRunner.run(["annotate", input.path, "--out", out.path, "--quiet"])
        #expect(second.status == 1, "\(second.stderr)")
        #expect(second.stderr.contains("annotated 1 of 4 shards"), "\(second.stderr)")
        #expect(try ParquetReader(url: out.appendingPathComponent("corrupt.parquet.parquet")).rowCount == 3000)
    }

    /// What a text column must be, said with the columns and types there are; a null text is an error row.
    @Test func textColumnsAreCheckedAndNullTextsAreErrorRows() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let input = scratch.appendingPathComponent("in")
        try writeParquet(
            input.appendingPathComponent("nulls.parquet"),
            "pq.write_table(pa.table({'id': pa.array([1, 2, 3], pa.int64()), 'text': ['ok', None, '']}), path)"
        )
        let out = scratch.appendingPathComponent("out")
        let nulls = try CommandRunner.run(["annotate", input.path, "--out", out.path, "--quiet"])
        #expect(nulls.status == 0, "\(nulls.stderr)")
        let rows = try ParquetReader(url: out.appendingPathComponent("nulls.parquet.parquet"))
        #expect(try strings(rows, "doc_id") == ["1", "2", "3"])
        let errors = try strings(rows, "error")
        #expect(errors[0] == nil && errors[2] == nil)
        #expect(errors[1]?.contains("text column 'text' is null") == true, "\(errors)")

        let wrong = scratch.appendingPathComponent("wrong")
        try writeParquet(
            wrong.appendingPathComponent("numbers.parquet"),
            "pq.write_table(pa.table({'body': ['a'], 'text': pa.array([7], pa.int64())}), path)"
        )
        try writeParquet(
            wrong.appendingPathComponent("elsewhere.parquet"),
            "pq.write_table(pa.table({'content': ['a'], 'meta': [{'url': 'u'}]}), path)"
        )
        let refused = try CommandRunner.run([
            "annotate", wrong.path, "--out", scratch.appendingPathComponent("o2").path,
        ])
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("column 'text' is INT64"), "\(refused.stderr)")
        #expect(refused.stderr.contains("no column 'text'") && refused.stderr.contains("content, meta.url"))

        let nested = try CommandRunner.run([
            "annotate", wrong.appendingPathComponent("elsewhere.parquet").path, "--text-field", "content",
            "--source-field", "meta.url", "--out", scratch.appendingPathComponent("o3").path, "--quiet",
        ])
        #expect(nested.status == 0, "\(nested.stderr)")
        let sources = try strings(
            ParquetReader(url: scratch.appendingPathComponent("o3/elsewhere.parquet.parquet")),
            "source"
        )
        #expect(sources == ["u"])
    }

    /// `--split-lines` deals a Parquet file's row groups over the ranks: every row annotated once, by one rank.
    @Test func rowGroupsAreDealtOverRanks() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let input = scratch.appendingPathComponent("in")
        try writeParquet(
            input.appendingPathComponent("big.parquet"),
            "pq.write_table(pa.table({'id': [f'r{i}' for i in range(600)], 'text': [f'row {i} text' for i in range(600)]}), path, row_group_size=50)"
        )
        let out = scratch.appendingPathComponent("out")
        for rank in 0..<3 {
            let run = try CommandRunner.run([
                "annotate", input.path, "--out", out.path, "--split-lines", "100", "--split-min-size", "1",
                "--rank", "\(rank)", "--world", "3", "--quiet",
            ])
            #expect(run.status == 0, "\(run.stderr)")
        }
        var lines: [Int64] = []
        var pieces = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: out.path)
        where name.hasPrefix("big.parquet.part-") {
            guard
                case .int64(let values) = try ParquetReader(url: out.appendingPathComponent(name)).read(column: "line")
            else { throw ParquetError.malformed(file: name, place: nil, detail: "line is not int64") }
            lines += values.compactMap { $0 }
            pieces += 1
        }
        #expect(pieces == 6)
        #expect(lines.sorted() == Array(0..<600))
        let status = try CommandRunner.run(["status", out.path])
        #expect(status.status == 0, "\(status.stdout)")
    }

    private func strings(_ reader: ParquetReader, _ column: String) throws -> [String?] {
        guard case .string(let values) = try reader.read(column: column) else { return [] }
        return values
    }

    private func keep(_ values: ColumnValues, _ mask: [Bool]) -> ColumnValues {
        switch values {
        case .string(let v): .string(zip(v, mask).filter(\.1).map(\.0))
        case .int64(let v): .int64(zip(v, mask).filter(\.1).map(\.0))
        case .int32(let v): .int32(zip(v, mask).filter(\.1).map(\.0))
        case .int8(let v): .int8(zip(v, mask).filter(\.1).map(\.0))
        }
    }

    /// The materialized mixture's texts by id (ids that repeat keep their text once).
    private func materializedTexts(_ out: URL) throws -> [String: String] {
        let listing = try python(
            [
                "-c",
                """
                import json, sys, pathlib, subprocess
                texts = {}
                for path in sorted(pathlib.Path(sys.argv[1]).rglob('*.jsonl*')):
                    data = path.read_bytes()
                    if path.name.endswith('.zst'):
                        data = subprocess.run(['zstd', '-dcq'], input=data, capture_output=True, check=True).stdout
                    for line in data.splitlines():
                        record = json.loads(line)
                        if 'id' in record: texts[str(record['id'])] = record['text']
                print(json.dumps(texts))
                """,
                out.path,
            ]
        )
        return try JSONDecoder().decode([String: String].self, from: Data(listing.utf8))
    }
}
