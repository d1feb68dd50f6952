import Codecs
import FileIO
import Foundation
import Shards

/// A trained model as a file, little-endian throughout:
///
///     magic "DMDISTIL" (8 bytes) | format version (u32) | header length (u32) | header (JSON, `ModelHeader`)
///     | weights length (u64) | compressed length (u64) | weights (one zstd frame) | XXH3-64 of all before (u64)
///
/// The weights: one Float16 scale per embedding row, the rows as int8 (value = int8 × scale, so a
/// row that no feature reached is all zeros and compresses away), then the heads' weights and
/// biases as Float32. A model in memory after `read` is exactly what the file holds.
public enum ModelFile {
    static let magic = Array("DMDISTIL".utf8)
    static let magicText = "DMDISTIL"
    public static let formatVersion: UInt32 = 1

    /// The model as read, with the XXH3-64 (hex) of the whole file, which provenance names.
    public struct Contents: Sendable {
        public var header: ModelHeader
        public var model: DistilledModel
        public var hash: String
    }

    /// Writes atomically (temporary name, fsync, rename) and returns the file's hash.
    @discardableResult
    public static func write(_ model: DistilledModel, header: ModelHeader, to url: URL) throws -> String {
        let bytes = try encode(model, header: header)
        try AtomicFileWriter.write(bytes, to: url)
        return hash(bytes[...])
    }

    public static func read(_ url: URL) throws -> Contents {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ModelFileError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        return try decode([UInt8](data), path: url.path)
    }

    static func encode(_ model: DistilledModel, header: ModelHeader) throws -> [UInt8] {
        var header = header
        header.settings = model.settings
        header.denseMean = model.denseMean
        header.denseScale = model.denseScale
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = [UInt8](try encoder.encode(header))
        let weights = QuantizedWeights(model).bytes
        let compressed = weights.withUnsafeBytes { Zstd.compress($0, level: 9) }
        var out = magic
        out.appendLittleEndian(formatVersion)
        out.appendLittleEndian(UInt32(json.count))
        out += json
        out.appendLittleEndian(UInt64(weights.count))
        out.appendLittleEndian(UInt64(compressed.count))
        out += compressed
        out.appendLittleEndian(UInt64(hashValue(out[...])))
        return out
    }

    static func decode(_ bytes: [UInt8], path: String) throws -> Contents {
        var reader = ByteReader(bytes: bytes, path: path)
        let prefix = Array(bytes.prefix(magic.count))
        guard prefix == Array(magic.prefix(prefix.count)) else { throw ModelFileError.notAModel(path: path) }
        _ = try reader.take(magic.count)
        let version = try reader.uint32()
        guard version <= formatVersion else {
            throw ModelFileError.newerVersion(path: path, version: version, supported: formatVersion)
        }
        guard version >= 1 else { throw ModelFileError.corrupt(path: path, detail: "format version 0") }
        let jsonCount = Int(try reader.uint32())
        let json = try reader.take(jsonCount)
        let weightsCount = try reader.uint64()
        let compressedCount = Int(clamping: try reader.uint64())
        let compressed = try reader.take(compressedCount)
        let checksumEnd = reader.position
        let checksum = try reader.uint64()
        guard reader.position == bytes.count else {
            throw ModelFileError.corrupt(path: path, detail: "\(bytes.count - reader.position) bytes after the end")
        }
        guard checksum == hashValue(bytes[..<checksumEnd]) else {
            throw ModelFileError.corrupt(path: path, detail: "checksum mismatch")
        }
        let header: ModelHeader
        do { header = try JSONDecoder().decode(ModelHeader.self, from: Data(json)) } catch {
            throw ModelFileError.corrupt(path: path, detail: "header: \(error)")
        }
        if let problem = header.settings.problem {
            throw ModelFileError.corrupt(path: path, detail: "header settings: \(problem)")
        }
        // Checked before decompressing, so a damaged size never becomes a huge allocation.
        let expected = QuantizedWeights.byteCount(header.settings)
        guard weightsCount == UInt64(expected) else {
            throw ModelFileError.corrupt(path: path, detail: "\(weightsCount) bytes of weights, \(expected) expected")
        }
        let weights: [UInt8]
        do {
            weights = try compressed.withUnsafeBytes {
                try Zstd.decompress($0, uncompressedSize: expected)
            }
        } catch {
            throw ModelFileError.corrupt(path: path, detail: "weights: \(error)")
        }
        let model = try QuantizedWeights.model(from: weights, header: header, path: path)
        return Contents(header: header, model: model, hash: hash(bytes[...]))
    }

    static func hash(_ bytes: ArraySlice<UInt8>) -> String { String(format: "%016llx", hashValue(bytes)) }

    private static func hashValue(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.withUnsafeBytes { xxh3_64($0) }
    }
}

/// Bounds-checked little-endian reads; running out is `truncated`, with the size the file would need.
private struct ByteReader {
    let bytes: [UInt8]
    let path: String
    var position = 0

    mutating func take(_ count: Int) throws -> [UInt8] {
        guard count >= 0, count <= bytes.count - position else {
            throw ModelFileError.truncated(path: path, size: bytes.count, expected: position + max(count, 0))
        }
        defer { position += count }
        return Array(bytes[position..<(position + count)])
    }

    mutating func uint32() throws -> UInt32 {
        try take(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func uint64() throws -> UInt64 {
        try take(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }
}

extension [UInt8] {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
