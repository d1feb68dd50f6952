/// PLAIN encoding: fixed-width integers little-endian back to back; byte arrays as a u32
/// little-endian length followed by the bytes.
enum PlainEncoding {
    // MARK: encoding

    static func append<T: FixedWidthInteger>(_ values: ArraySlice<T>, into out: inout [UInt8]) {
        let size = MemoryLayout<T>.size
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: values.count * size))
        out.withUnsafeMutableBytes { buffer in
            var offset = start
            for value in values {
                buffer.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self)
                offset += size
            }
        }
    }

    static func append(_ values: ByteArrays, _ range: Range<Int>, into out: inout [UInt8]) {
        guard !range.isEmpty else { return }
        let first = values.range(range.lowerBound).lowerBound
        let last = values.range(range.upperBound - 1).upperBound
        out.reserveCapacity(out.count + (last - first) + 4 * range.count)
        values.bytes.withUnsafeBytes { bytes in
            for index in range {
                let r = values.range(index)
                appendLength(r.count, into: &out)
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[r]))
            }
        }
    }

    static func appendLength(_ length: Int, into out: inout [UInt8]) {
        let n = UInt32(truncatingIfNeeded: length)
        out.append(UInt8(truncatingIfNeeded: n))
        out.append(UInt8(truncatingIfNeeded: n >> 8))
        out.append(UInt8(truncatingIfNeeded: n >> 16))
        out.append(UInt8(truncatingIfNeeded: n >> 24))
    }

    static func bytes<T: FixedWidthInteger>(of value: T) -> [UInt8] {
        var out: [UInt8] = []
        append([value][...], into: &out)
        return out
    }

    // MARK: decoding

    /// Appends `count` values to `out`; returns the bytes consumed.
    @discardableResult
    static func decode<T: FixedWidthInteger>(
        _ data: UnsafeRawBufferPointer,
        count: Int,
        into out: inout [T]
    ) throws -> Int {
        let size = MemoryLayout<T>.size
        guard count >= 0, count <= data.count / size else {
            throw FormatIssue("PLAIN data holds \(data.count) bytes, too few for \(count) values of \(size) bytes")
        }
        out.reserveCapacity(out.count + count)
        for i in 0..<count {
            out.append(T(littleEndian: data.loadUnaligned(fromByteOffset: i * size, as: T.self)))
        }
        return count * size
    }

    /// Appends `count` strings to `out`; each must be valid UTF-8. Returns the bytes consumed.
    @discardableResult
    static func decodeStrings(
        _ data: UnsafeRawBufferPointer,
        count: Int,
        into out: inout [String]
    ) throws -> Int {
        out.reserveCapacity(out.count + min(max(count, 0), data.count / 4))
        return try forEachByteArray(data, count: count) { i, bytes in
            guard let string = String(validating: bytes, as: UTF8.self) else {
                throw FormatIssue("byte array \(i) of \(count) is not valid UTF-8")
            }
            out.append(string)
        }
    }

    /// Calls `body` with the index and bytes of each of `count` length-prefixed (PLAIN) byte arrays, checking
    /// every length against the page. Returns the bytes consumed.
    @discardableResult
    static func forEachByteArray(
        _ data: UnsafeRawBufferPointer,
        count: Int,
        _ body: (Int, UnsafeRawBufferPointer) throws -> Void
    ) throws -> Int {
        // Each value takes at least its 4-byte length, which bounds a genuine count.
        guard count >= 0, count <= data.count / 4 else {
            throw FormatIssue("PLAIN data holds \(data.count) bytes, too few for \(count) byte arrays")
        }
        var position = 0
        for i in 0..<count {
            guard position + 4 <= data.count else {
                throw FormatIssue("byte array \(i) of \(count): length overruns the page")
            }
            let length = Int(UInt32(littleEndian: data.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
            position += 4
            guard length <= data.count - position else {
                throw FormatIssue("byte array \(i) of \(count): \(length) bytes overrun the page")
            }
            try body(i, UnsafeRawBufferPointer(rebasing: data[position..<(position + length)]))
            position += length
        }
        return position
    }
}
