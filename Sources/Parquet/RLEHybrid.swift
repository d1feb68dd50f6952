/// The RLE / bit-packing hybrid of Parquet's Encodings.md, used for definition levels and
/// dictionary indices. A run header is a ULEB128 varint: `count << 1` for an RLE run
/// (followed by the value in ceil(bitWidth/8) little-endian bytes) or `groups << 1 | 1` for
/// `groups × 8` values bit-packed LSB-first.
enum RLEHybrid {
    /// Bit-packed runs are cut at 63 groups so their header stays one byte, as parquet-cpp does.
    private static let maxGroupsPerRun = 63
    private static let maxRLERun = 1 << 30

    static func bitWidth(forMaxValue maxValue: Int) -> Int {
        maxValue <= 0 ? 0 : Int.bitWidth - maxValue.leadingZeroBitCount
    }

    // MARK: encoding

    /// Appends the encoding of `values` to `out`. Runs of eight or more equal values become
    /// RLE runs; everything between them is bit-packed. Literal stretches other than the last
    /// hold a multiple of eight values, borrowing from the following run where needed, since
    /// only the final bit-packed group may be padded.
    static func encode<T: FixedWidthInteger & UnsignedInteger>(
        _ values: UnsafeBufferPointer<T>,
        bitWidth: Int,
        into out: inout [UInt8]
    ) {
        let n = values.count
        var literalStart = 0
        var i = 0
        while i < n {
            let value = values[i]
            var j = i + 1
            while j < n && values[j] == value { j += 1 }
            let pending = i - literalStart
            let runStart = pending % 8 == 0 ? i : i + (8 - pending % 8)
            if j - runStart >= 8 {
                writeBitPacked(values, literalStart..<runStart, bitWidth: bitWidth, into: &out)
                writeRLE(UInt64(value), count: j - runStart, bitWidth: bitWidth, into: &out)
                literalStart = j
            }
            i = j
        }
        writeBitPacked(values, literalStart..<n, bitWidth: bitWidth, into: &out)
    }

    private static func writeRLE(_ value: UInt64, count: Int, bitWidth: Int, into out: inout [UInt8]) {
        var left = count
        let valueBytes = (bitWidth + 7) / 8
        while left > 0 {
            let run = min(left, maxRLERun)
            writeVarint(UInt64(run) << 1, into: &out)
            for k in 0..<valueBytes { out.append(UInt8(truncatingIfNeeded: value >> (8 * k))) }
            left -= run
        }
    }

    private static func writeBitPacked<T: FixedWidthInteger & UnsignedInteger>(
        _ values: UnsafeBufferPointer<T>,
        _ range: Range<Int>,
        bitWidth: Int,
        into out: inout [UInt8]
    ) {
        var start = range.lowerBound
        while start < range.upperBound {
            let groups = min((range.upperBound - start + 7) / 8, maxGroupsPerRun)
            writeVarint(UInt64(groups) << 1 | 1, into: &out)
            let end = start + groups * 8
            var accumulator: UInt64 = 0
            var bits = 0
            for k in start..<end {
                // Past the range the last group is padded with zeros; readers stop at num_values.
                let v: UInt64 = k < range.upperBound ? UInt64(values[k]) : 0
                accumulator |= v << UInt64(bits)
                bits += bitWidth
                while bits >= 8 {
                    out.append(UInt8(truncatingIfNeeded: accumulator))
                    accumulator >>= 8
                    bits -= 8
                }
            }
            start = min(end, range.upperBound)
        }
    }

    private static func writeVarint(_ value: UInt64, into out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    // MARK: decoding

    /// Appends exactly `count` decoded values to `out`, or throws if `data` ends first.
    /// Returns the number of bytes consumed.
    @discardableResult
    static func decode<T: FixedWidthInteger & UnsignedInteger>(
        _ data: UnsafeRawBufferPointer,
        bitWidth: Int,
        count: Int,
        into out: inout [T]
    ) throws -> Int {
        guard bitWidth >= 0, bitWidth <= min(32, T.bitWidth) else {
            throw FormatIssue("RLE bit width \(bitWidth) is out of range")
        }
        out.reserveCapacity(out.count + count)
        var position = 0
        var left = count
        let valueBytes = (bitWidth + 7) / 8
        while left > 0 {
            guard position < data.count else { throw FormatIssue("RLE data ends with \(left) values missing") }
            let header = try ULEB128.read(data, &position, "RLE run header")
            if header & 1 == 0 {
                let runLength = header >> 1
                guard position + valueBytes <= data.count else { throw FormatIssue("RLE run value overruns its data") }
                var value: UInt64 = 0
                for k in 0..<valueBytes { value |= UInt64(data[position + k]) << UInt64(8 * k) }
                position += valueBytes
                let take = Int(min(runLength, UInt64(left)))
                out.append(contentsOf: repeatElement(T(truncatingIfNeeded: value), count: take))
                left -= take
            } else {
                let groups = header >> 1
                let declared = groups > UInt64(Int32.max) ? Int(Int32.max) * 8 : Int(groups) * 8
                let take = min(declared, left)
                let neededBytes = (take * bitWidth + 7) / 8
                guard position + neededBytes <= data.count else {
                    throw FormatIssue("bit-packed run overruns its data")
                }
                unpack(data, from: position, count: take, bitWidth: bitWidth, into: &out)
                // A writer may leave the padding of the final group out; never step past the data.
                position = min(data.count, position + declared / 8 * bitWidth)
                left -= take
            }
        }
        return position
    }

    private static func unpack<T: FixedWidthInteger & UnsignedInteger>(
        _ data: UnsafeRawBufferPointer,
        from start: Int,
        count: Int,
        bitWidth: Int,
        into out: inout [T]
    ) {
        if bitWidth == 0 {
            out.append(contentsOf: repeatElement(0, count: count))
            return
        }
        let mask: UInt64 = (1 << UInt64(bitWidth)) - 1
        var bitPosition = start * 8
        for _ in 0..<count {
            let byte = bitPosition >> 3
            let shift = UInt64(bitPosition & 7)
            var word: UInt64
            if byte + 8 <= data.count {
                word = data.loadUnaligned(fromByteOffset: byte, as: UInt64.self).littleEndian
            } else {
                word = 0
                for k in 0..<min(8, data.count - byte) { word |= UInt64(data[byte + k]) << UInt64(8 * k) }
            }
            out.append(T(truncatingIfNeeded: (word >> shift) & mask))
            bitPosition += bitWidth
        }
    }
}
