import Foundation
import Testing

@testable import FileIO

@Suite struct AtomicFileWriterTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")

    @Test func fileAppearsOnlyAtCommit() throws {
        let target = folder.appendingPathComponent("nested/out.bin")
        let writer = try AtomicFileWriter(destination: target)
        try writer.write([1, 2, 3])
        #expect(!FileManager.default.fileExists(atPath: target.path))
        #expect(FileManager.default.fileExists(atPath: target.path + ".tmp"))
        try writer.commit()
        #expect(try Data(contentsOf: target) == Data([1, 2, 3]))
        #expect(!FileManager.default.fileExists(atPath: target.path + ".tmp"))
        #expect(writer.bytesWritten == 3)
    }

    @Test func abandonLeavesThePreviousFile() throws {
        let target = folder.appendingPathComponent("keep.bin")
        try AtomicFileWriter.write([9], to: target)
        let writer = try AtomicFileWriter(destination: target)
        try writer.write([7, 7])
        writer.abandon()
        #expect(try Data(contentsOf: target) == Data([9]))
        #expect(!FileManager.default.fileExists(atPath: target.path + ".tmp"))
    }

    @Test func unwritableFolderNamesThePath() throws {
        let error = #expect(throws: FileIOError.self) {
            _ = try AtomicFileWriter(destination: URL(fileURLWithPath: "/proc/no-such-place/x.bin"))
        }
        #expect(error?.description.contains("/proc/no-such-place") == true)
    }
}
