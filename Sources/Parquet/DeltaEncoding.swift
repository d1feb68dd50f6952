/// Decoders of Parquet's delta encodings (Encodings.md): DELTA_BINARY_PACKED for integers, and the
/// DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY forms of byte arrays built on it.
enum DeltaEncoding {
    /// Decodes DELTA_BINARY_PACKED values from `data`, replacing `out`'s contents with exactly `count`
    /// values (the header's total must be at least that). Arithmetic wraps as the format prescribes, so
    /// INT32 columns read correctly after truncation. Returns the bytes consumed, padding included.
    @discardableResult
    static func decodeIntegers(_ data: UnsafeRawBufferPointer, count: Int, into out: inout [Int64]) throws -> Int {
        out.removeAll(keepingCapacity: true)
        var position = 0
        let blockSize = try ULEB128.read(data, &position, "DELTA_BINARY_PACKED varint")
        let miniblocks = try ULEB128.read(data, &position, "DELTA_BINARY_PACKED varint")
        let total = try ULEB128.read(data, &position, "DELTA_BINARY_PACKED varint")
        var value = ULEB128.zigzag(try ULEB128.read(data, &position, "DELTA_BINARY_PACKED varint"))
        guard blockSize > 0, blockSize % 128 == 0, blockSize <= 1 << 20, miniblocks > 0, blockSize % miniblocks == 0,
            (blockSize / miniblocks) % 32 == 0
        else {
            throw FormatIssue("DELTA_BINARY_PACKED header has block size \(blockSize) with \(miniblocks) miniblocks")
        }
        guard total >= UInt64(count) else {
            throw FormatIssue("DELTA_BINARY_PACKED data holds \(total) values, \(count) expected")
        }
        guard count > 0 else { return position }
        out.reserveCapacity(count)
        out.append(value)
        let perMiniblock = Int(blockSize / miniblocks)
        // The total may exceed what the page needs; the bytes are consumed up to `total`, as the stream is laid
        // out, but the values only up to `count`.
        var left = Int(min(total, UInt64(Int.max))) - 1
        while left > 0 {
            let minDelta = ULEB128.zigzag(try ULEB128.read(data, &position, "DELTA_BINARY_PACKED varint"))
            guard Int(miniblocks) <= data.count - position else {
                throw FormatIssue("DELTA_BINARY_PACKED bit widths overrun the data")
            }
            let widthsAt = position
            position += Int(miniblocks)
            for m in 0..<Int(miniblocks) where left > 0 {
                let width = Int(data[widthsAt + m])
                guard width <= 64 else { throw FormatIssue("DELTA_BINARY_PACKED bit width \(width) over 64") }
                let bytes = perMiniblock / 8 * width
                guard bytes <= data.count - position else {
                    throw FormatIssue("DELTA_BINARY_PACKED miniblock overruns the data")
                }
                let take = min(perMiniblock, left)
                let wanted = min(take, count - out.count)
                for i in 0..<wanted {
                    value = value &+ minDelta &+ Int64(bitPattern: unpack(data, at: position, index: i, width: width))
                    out.append(value)
                }
                position += bytes
                left -= take
                if out.count == count { return position }
            }
        }
        return position
    }

    /// DELTA_LENGTH_BYTE_ARRAY: the lengths (DELTA_BINARY_PACKED), then the values back to back. Calls
    /// `value` with each of the `count` values in turn.
    static func decodeLengthByteArrays(
        _ data: UnsafeRawBufferPointer,
        count: Int,
        lengths: inout [Int64],
        _ value: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        var position = try decodeIntegers(data, count: count, into: &lengths)
        for length in lengths {
            guard length >= 0, length <= data.count - position else {
                throw FormatIssue("DELTA_LENGTH_BYTE_ARRAY value of \(length) bytes overruns the page")
            }
            try value(UnsafeRawBufferPointer(rebasing: data[position..<(position + Int(length))]))
            position += Int(length)
        }
    }

    /// DELTA_BYTE_ARRAY: prefix lengths (DELTA_BINARY_PACKED), then suffixes (DELTA_LENGTH_BYTE_ARRAY); each value
    /// is the prefix of the previous one followed by its suffix, assembled in `scratch`.
    static func decodeByteArrays(
        _ data: UnsafeRawBufferPointer,
        count: Int,
        prefixes: inout [Int64],
        lengths: inout [Int64],
        scratch: inout [UInt8],
        _ value: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let consumed = try decodeIntegers(data, count: count, into: &prefixes)
        var previousLength = 0
        var index = 0
        scratch.removeAll(keepingCapacity: true)
        try decodeLengthByteArrays(
            UnsafeRawBufferPointer(rebasing: data[consumed...]),
            count: count,
            lengths: &lengths
        ) { suffix in
            let prefix = prefixes[index]
            index += 1
            guard prefix >= 0, prefix <= previousLength else {
                throw FormatIssue("DELTA_BYTE_ARRAY prefix of \(prefix) bytes is longer than the previous value")
            }
            scratch.removeSubrange(Int(prefix)...)
            scratch.append(contentsOf: suffix)
            previousLength = scratch.count
            try scratch.withUnsafeBytes { try value($0) }
        }
    }

    /// The `index`th `width`-bit value packed LSB-first from byte `start`; the caller checked the miniblock fits.
    private static func unpack(_ data: UnsafeRawBufferPointer, at start: Int, index: Int, width: Int) -> UInt64 {
        guard width > 0 else { return 0 }
        let bit = index * width
        let byte = start + bit >> 3
        let shift = bit & 7
        var result: UInt64 = 0
        var gathered = 0
        var at = byte
        // Up to 9 bytes hold a 64-bit value that starts mid-byte.
        while gathered < width + shift, at < data.count {
            let chunk = UInt64(data[at])
            if gathered == 0 {
                result = chunk >> UInt64(shift)
                gathered = 8
            } else {
                result |= chunk << UInt64(gathered - shift)
                gathered += 8
            }
            at += 1
        }
        return width == 64 ? result : result & ((1 << UInt64(width)) - 1)
    }
}
