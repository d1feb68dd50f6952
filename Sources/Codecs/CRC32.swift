import CZlib

/// CRC-32 (the IEEE polynomial of zlib, gzip and Parquet's page checksums), by zlib's table-driven
/// implementation.
public enum CRC32 {
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = crc32(0, nil, 0)
        var rest = bytes
        // zlib takes a 32-bit length; a page is far smaller, but a buffer need not be.
        while !rest.isEmpty {
            let count = min(rest.count, Int(UInt32.max))
            crc = crc32(crc, rest.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(count))
            rest = UnsafeRawBufferPointer(rebasing: rest[count...])
        }
        return UInt32(truncatingIfNeeded: crc)
    }
}
