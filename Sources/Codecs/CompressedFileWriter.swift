import FileIO
import Foundation

/// Writes a file compressed as one zstd frame, LZ4 frame or gzip member (or as is), through an
/// `AtomicFileWriter`: nothing appears under `destination` until `commit()`.
public final class CompressedFileWriter {
    public let destination: URL
    public let compression: Compression
    /// Bytes given to `write` so far.
    public private(set) var uncompressedBytesWritten: Int64 = 0
    /// Bytes that reached the file so far (complete after `commit()`).
    public var compressedBytesWritten: Int64 { file.bytesWritten }

    private let file: AtomicFileWriter
    private let encoder: (any StreamEncoder)?
    /// Small writes (a line at a time) are gathered here so the codec and the kernel see large pieces.
    private let staging: UnsafeMutableRawBufferPointer
    private var staged = 0

    /// `level` is the codec's own scale (zstd 1...19 and beyond, lz4 0...12, gzip 0...9), clamped to it.
    public init(destination: URL, compression: Compression, level: Int) throws {
        self.destination = destination
        self.compression = compression
        file = try AtomicFileWriter(destination: destination)
        encoder =
            switch compression {
            case .none: nil
            case .zstd: ZstdStreamEncoder(level: level)
            case .lz4: LZ4StreamEncoder(level: level)
            case .gzip: GzipStreamEncoder(level: level)
            }
        staging = .allocate(byteCount: 1 << 20, alignment: 16)
    }

    /// Uses the codec's usual default level.
    public convenience init(destination: URL, compression: Compression) throws {
        try self.init(destination: destination, compression: compression, level: compression.defaultLevel)
    }

    deinit { staging.deallocate() }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        uncompressedBytesWritten += Int64(bytes.count)
        if staged + bytes.count <= staging.count {
            (staging.baseAddress! + staged).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
            staged += bytes.count
            return
        }
        try flushStaging()
        if bytes.count < staging.count {
            staging.baseAddress!.copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
            staged = bytes.count
        } else {
            try pass(bytes)
        }
    }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Writes the string's UTF-8 bytes.
    public func write(_ string: String) throws {
        var string = string
        try string.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    /// Ends the compressed stream and makes the file durable and visible under `destination`.
    public func commit() throws {
        try flushStaging()
        try encoder?.finish(sink: file.write)
        try file.commit()
    }

    /// Drops everything written; `destination` is left as it was.
    public func abandon() {
        file.abandon()
    }

    private func flushStaging() throws {
        guard staged > 0 else { return }
        try pass(UnsafeRawBufferPointer(rebasing: staging[0..<staged]))
        staged = 0
    }

    private func pass(_ bytes: UnsafeRawBufferPointer) throws {
        if let encoder {
            try encoder.encode(bytes, sink: file.write)
        } else {
            try file.write(bytes)
        }
    }
}
