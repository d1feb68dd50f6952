import Foundation
import Parquet
import Testing

/// Write and read speed for 1M annotation rows. Off by default; run in release mode:
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
