import Foundation
import Testing

@testable import Parquet

@Suite("ParquetWriter contract")
struct WriterContractTests {
    let columns = [
        ParquetColumn(name: "id", type: .int64),
        ParquetColumn(name: "rating", type: .int8, nullable: true, dictionary: true),
    ]

    private func makeWriter(_ url: URL) throws -> ParquetWriter {
        try ParquetWriter(destination: url, columns: columns, metadata: [], createdBy: "tests")
    }

    private func expectError(_ fragment: String, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected an error containing '\(fragment)'")
        } catch let error as ParquetError {
            #expect(error.message.contains(fragment), "\(error)")
        } catch {
            Issue.record("unexpected error type: \(error)")
        }
    }

    @Test("invalid row groups are rejected with a clear message and leave the writer usable")
    func validation() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.file("v.parquet")
        let writer = try makeWriter(url)
        expectError("has 1 columns, the schema has 2") { try writer.write(rowGroup: [.int64([1])]) }
        expectError("column 'rating': got int32 values for a int8 column") {
            try writer.write(rowGroup: [.int64([1]), .int32([1])])
        }
        expectError("column 'rating': 2 values, expected 1") {
            try writer.write(rowGroup: [.int64([1]), .int8([1, 2])])
        }
        expectError("column 'id' is not nullable but row 1 is null") {
            try writer.write(rowGroup: [.int64([1, nil]), .int8([1, 2])])
        }
        try writer.write(rowGroup: [.int64([7, 8]), .int8([nil, 5])])
        #expect(writer.rowsWritten == 2)
        try writer.commit()
        let reader = try ParquetReader(url: url)
        #expect(try reader.read(column: "id") == .int64([7, 8]))
        #expect(try reader.read(column: "rating") == .int8([nil, 5]))
        expectError("already committed") { try writer.write(rowGroup: [.int64([1]), .int8([1])]) }
        expectError("already committed") { try writer.commit() }
    }

    @Test("a schema must have uniquely named columns")
    func schemaChecks() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        expectError("appears twice") {
            _ = try ParquetWriter(
                destination: folder.file("d.parquet"),
                columns: [ParquetColumn(name: "a", type: .int32), ParquetColumn(name: "a", type: .int64)],
                metadata: [],
                createdBy: "tests"
            )
        }
        expectError("at least one column") {
            _ = try ParquetWriter(destination: folder.file("e.parquet"), columns: [], metadata: [], createdBy: "tests")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("d.parquet.tmp").path))
    }

    @Test("the file appears only on commit; abandon and an unfinished writer leave nothing")
    func atomicity() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let exists = { (name: String) in FileManager.default.fileExists(atPath: folder.file(name).path) }

        let committed = try makeWriter(folder.file("c.parquet"))
        try committed.write(rowGroup: [.int64([1]), .int8([1])])
        #expect(exists("c.parquet.tmp") && !exists("c.parquet"))
        try committed.commit()
        #expect(!exists("c.parquet.tmp") && exists("c.parquet"))

        let abandoned = try makeWriter(folder.file("a.parquet"))
        try abandoned.write(rowGroup: [.int64([1]), .int8([1])])
        abandoned.abandon()
        #expect(!exists("a.parquet.tmp") && !exists("a.parquet"))
        #expect(throws: ParquetError.self) { try abandoned.commit() }

        do {
            let dropped = try makeWriter(folder.file("u.parquet"))
            try dropped.write(rowGroup: [.int64([1]), .int8([1])])
        }
        #expect(!exists("u.parquet.tmp") && !exists("u.parquet"))
    }

    @Test("a writer that cannot create its file names the path")
    func unwritableDestination() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try Data("x".utf8).write(to: folder.file("plain-file"))
        let url = folder.file("plain-file/inside.parquet")
        do {
            _ = try makeWriter(url)
            Issue.record("expected an error")
        } catch let error as ParquetError {
            guard case .io(.createFolder(let folder, _)) = error else {
                Issue.record("expected a create-folder failure, got \(error)")
                return
            }
            #expect(folder == url.deletingLastPathComponent().path)
            #expect(error.file == folder)
        }
    }
}
