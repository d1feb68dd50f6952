import Foundation
import Parquet
import Testing

/// Write and read speed for 1M annotation rows, and the row cursor against pyarrow. Off by default; run in release mode:
///   DATAMAN_PARQUET_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter ThroughputBenchmark
@Suite("Parquet throughput", .enabled(if: ProcessInfo.processInfo.environment["DATAMAN_PARQUET_BENCH"] == "1"))
struct ThroughputBenchmark {
    @Test("1M annotation rows: write, file size, read")
    func annotationRows() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let rows = 1_000_000
        let groupRows = 100_000
        let groups = stride(from: 0, to: rows, by: groupRows).map {
            AnnotationFixture.rowGroup($0..<min(rows, $0 + groupRows))
        }
        let logicalBytes = groups.flatMap { $0 }.map(Self.logicalSize).reduce(0, +)

        let url = folder.file("bench.parquet")
        let writeStart = Date()
        let writer = try ParquetWriter(
            destination: url,
            columns: AnnotationFixture.columns,
            metadata: [(key: "dataman.version", value: "bench")],
            createdBy: "bench"
        )
        for group in groups { try writer.write(rowGroup: group) }
        try writer.commit()
        let writeSeconds = Date().timeIntervalSince(writeStart)
        let fileBytes = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int

        let readStart = Date()
        let reader = try ParquetReader(url: url)
        var readRows = 0
        for column in reader.columns { readRows = try reader.read(column: column.name).count }
        let readSeconds = Date().timeIntervalSince(readStart)

        #expect(readRows == rows)
        #expect(try reader.read(column: "domain", rowGroup: 3) == groups[3][21])
        let mb = { (bytes: Int) in Double(bytes) / 1_000_000 }
        print(
            String(
                format: "parquet bench: %d rows, %d columns, %.1f MB in memory, file %.2f MB (%.1f bytes/row)",
                rows,
                AnnotationFixture.columns.count,
                mb(logicalBytes),
                mb(fileBytes),
                Double(fileBytes) / Double(rows)
            )
        )
        print(
            String(
                format: "parquet bench: write %.3f s = %.0f rows/s, %.1f MB/s in-memory data",
                writeSeconds,
                Double(rows) / writeSeconds,
                mb(logicalBytes) / writeSeconds
            )
        )
        print(
            String(
                format: "parquet bench: read  %.3f s = %.0f rows/s, %.1f MB/s in-memory data",
                readSeconds,
                Double(rows) / readSeconds,
                mb(logicalBytes) / readSeconds
            )
        )
    }

    /// The row cursor against pyarrow's C++ reader on one core, over a FineWeb-shaped snappy file
    /// (scripts/interop/bench_fineweb.py; DATAMAN_PARQUET_BENCH_ROWS rows, 100,000 by default, about 320 MB).
    @Test("row cursor over a FineWeb-shaped file, against pyarrow read_table(use_threads=False)")
    func rowCursor() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let rows = ProcessInfo.processInfo.environment["DATAMAN_PARQUET_BENCH_ROWS"] ?? "100000"
        let script = InteropTests.scripts.appendingPathComponent("bench_fineweb.py").path
        let url = folder.file("fineweb.parquet")
        let (wrote, writeOutput) = try runCommand(["python3", script, "write", url.path, rows])
        try #require(wrote == 0, "bench_fineweb.py failed:\n\(writeOutput)")
        let (timed, pyarrowOutput) = try runCommand(["python3", script, "time", url.path])
        try #require(timed == 0, "bench_fineweb.py failed:\n\(pyarrowOutput)")
        let pyarrowSeconds = try #require(Double(pyarrowOutput.trimmingCharacters(in: .whitespacesAndNewlines)))

        var best = Double.infinity
        var textBytes = 0
        var rowCount = 0
        for _ in 0..<3 {
            let start = Date()
            let reader = try ParquetReader(url: url)
            textBytes = 0
            rowCount = 0
            for group in 0..<reader.rowGroupCount {
                let cursor = try reader.rows(rowGroup: group, columns: ["text", "id", "token_count"])
                while let batch = try cursor.next(maxRows: 1024) {
                    rowCount += batch.rowCount
                    for case .string(let text) in batch.columns[0] { textBytes += text.utf8.count }
                }
            }
            best = min(best, Date().timeIntervalSince(start))
        }
        #expect(rowCount == Int(rows))
        print(
            String(
                format: "parquet bench: row cursor %.3f s (%.0f MB/s of text), pyarrow %.3f s (%.0f MB/s): %.2fx",
                best,
                Double(textBytes) / best / 1e6,
                pyarrowSeconds,
                Double(textBytes) / pyarrowSeconds / 1e6,
                pyarrowSeconds / best
            )
        )
    }

    /// Bytes of the values themselves: UTF-8 for strings, the type width for integers.
    static func logicalSize(_ values: ColumnValues) -> Int {
        switch values {
        case .int8(let v): v.count
        case .int32(let v): v.count * 4
        case .int64(let v): v.count * 8
        case .string(let v): v.reduce(0) { $0 + ($1?.utf8.count ?? 0) }
        }
    }
}
