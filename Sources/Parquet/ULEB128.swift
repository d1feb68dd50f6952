/// Unsigned LEB128 varints, as Thrift's compact protocol, RLE run headers and DELTA_BINARY_PACKED headers
/// store their integers: seven bits a byte, low bits first, the high bit set on every byte but the last.
enum ULEB128 {
    /// The varint at `position`, which moves past it. `what` names the varint in errors.
    static func read(_ data: UnsafeRawBufferPointer, _ position: inout Int, _ what: String) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < data.count else { throw FormatIssue("\(what) ends early") }
            guard shift < 64 else { throw FormatIssue("\(what) longer than 10 bytes") }
            let byte = data[position]
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// A zigzag-encoded signed value: 0, -1, 1, -2, ... stored as 0, 1, 2, 3, ...
    static func zigzag(_ raw: UInt64) -> Int64 { Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1) }
}
