import Foundation
import SystemPackage
import Testing

@testable import FileIO

@Suite struct FileReaderTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fileio-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    @Test func positionalReadsStayInsideTheFile() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("ten.bin").path
        try AtomicFileWriter.write(Array(0..<10), to: URL(fileURLWithPath: path))
        let file = try PositionalFile(path: path)
        #expect(file.size == 10)
        #expect(try file.read(offset: 7, count: 3) == [7, 8, 9])
        #expect(try file.read(offset: 10, count: 0) == [])
        #expect(throws: FileIOError.outsideFile(path: path, offset: 8, count: 3, size: 10)) {
            try file.read(offset: 8, count: 3)
        }
    }

    @Test func failuresSayWhichCallAndWhy() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("missing").path
        #expect(throws: FileIOError.open(path: missing, .noSuchFileOrDirectory)) { try SequentialFile(path: missing) }
        do {
            _ = try PositionalFile(path: missing)
            Issue.record("opened a missing file")
        } catch let error as FileIOError {
            #expect(error.isNotFound)
            #expect(error.description == "\(missing): open failed: No such file or directory")
        }
        #expect(throws: FileIOError.notRegularFile(path: folder.path)) { try PositionalFile(path: folder.path) }
    }

    @Test func sequentialReadsCountTheirBytes() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("bytes.bin")
        let content = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try AtomicFileWriter.write(content, to: url)
        let file = try SequentialFile(path: url.path)
        var read: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try file.read(into: $0) }
            if n == 0 { break }
            read += buffer[0..<n]
        }
        #expect(read == content)
        #expect(file.bytesRead == 100_000)
    }

    @Test func aCommittedWriterRefusesMoreWrites() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("done.bin")
        let writer = try AtomicFileWriter(destination: url)
        try writer.write([1])
        try writer.commit()
        #expect(throws: FileIOError.closed(path: url.path + ".tmp")) { try writer.write([2]) }
    }
}
