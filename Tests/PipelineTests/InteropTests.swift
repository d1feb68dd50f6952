import Codecs
import Foundation
import Parquet
import Pipeline
import Testing

/// Our annotation files, read by the real other side: DuckDB, polars and pyarrow.
@Suite struct InteropTests {
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/interop/check_annotations.py")

    @Test(.enabled(if: ProcessInfo.processInfo.environment["DATAMAN_SKIP_INTEROP"] != "1", "DATAMAN_SKIP_INTEROP=1"))
    func duckdbPolarsAndPyarrowReadEveryValue() async throws {
        let space = Workspace()
        let texts = (0..<300).map { "Paragraph \($0): " + String(repeating: "énoncé \($0 % 11) ", count: $0 % 50 + 1) }
        try space.shard(
            "web/a.jsonl.zst",
            texts.enumerated().map { jsonLine(["id": "doc-\($0.offset)", "text": $0.element]) },
            compression: .zstd
        )
        try space.shard(
            "code/b.jsonl.gz",
            ["not json", jsonLine(["text": "FAIL"]), jsonLine(["id": 12, "text": "x"])],
            compression: .gzip
        )
        var options = space.options()
        options.rowGroupRows = 128
        _ = try await space.annotate(options)

        var columns: [String: [Any]] = [:]
        var rows = 0
        for relative in ["code/b.jsonl.gz", "web/a.jsonl.zst"] {
            let reader = try ParquetReader(url: space.output(relative))
            rows += Int(reader.rowCount)
            for column in reader.columns {
                let values: [Any] =
                    switch try reader.read(column: column.name) {
                    case .string(let v): v.map { $0 as Any? ?? NSNull() }
                    case .int64(let v): v.map { $0.map { NSNumber(value: $0) } ?? NSNull() }
                    case .int32(let v): v.map { $0.map { NSNumber(value: $0) } ?? NSNull() }
                    case .int8(let v): v.map { $0.map { NSNumber(value: $0) } ?? NSNull() }
                    }
                columns[column.name, default: []].append(contentsOf: values)
            }
        }
        let expected = space.root.appendingPathComponent("expected.json")
        try JSONSerialization.data(withJSONObject: ["rows": rows, "columns": columns]).write(to: expected)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script.path, space.out.path, expected.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(
            process.terminationStatus == 0,
            "\(message)\nrun scripts/setup.sh to install pyarrow, polars and duckdb, or set DATAMAN_SKIP_INTEROP=1"
        )
    }
}
