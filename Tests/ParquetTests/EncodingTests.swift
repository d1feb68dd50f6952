import SplitMix
import Testing

@testable import Parquet

@Suite("RLE/bit-packed hybrid and Thrift compact encodings")
struct EncodingTests {
    private func encode(_ values: [UInt32], bitWidth: Int) -> [UInt8] {
        var out: [UInt8] = []
        values.withUnsafeBufferPointer { RLEHybrid.encode($0, bitWidth: bitWidth, into: &out) }
        return out
    }

    private func decode(_ bytes: [UInt8], bitWidth: Int, count: Int) throws -> [UInt32] {
        var out: [UInt32] = []
        try bytes.withUnsafeBytes { _ = try RLEHybrid.decode($0, bitWidth: bitWidth, count: count, into: &out) }
        return out
    }

    @Test("bit-packing matches the example in Parquet's Encodings.md")
    func specExample() throws {
        // Values 0..7 at bit width 3: one group, header (1 << 1) | 1, bytes 10001000 11000110 11111010.
        #expect(encode([0, 1, 2, 3, 4, 5, 6, 7], bitWidth: 3) == [0x03, 0x88, 0xC6, 0xFA])
        #expect(try decode([0x03, 0x88, 0xC6, 0xFA], bitWidth: 3, count: 8) == [0, 1, 2, 3, 4, 5, 6, 7])
    }

    @Test("long runs become RLE runs")
    func runs() throws {
        // 100 × 1 at width 1: header 100 << 1 = 200 (varint C8 01), value byte 01.
        #expect(encode([UInt32](repeating: 1, count: 100), bitWidth: 1) == [0xC8, 0x01, 0x01])
        #expect(encode([UInt32](repeating: 0, count: 9), bitWidth: 0) == [0x12])
        // 3 literals then a run of 20: the literal group borrows 5 values from the run.
        let mixed: [UInt32] = [1, 0, 1] + [UInt32](repeating: 1, count: 20)
        let bytes = encode(mixed, bitWidth: 1)
        #expect(bytes == [0x03, 0b1111_1101, 0x1E, 0x01])
        #expect(try decode(bytes, bitWidth: 1, count: mixed.count) == mixed)
    }

    @Test("random sequences round-trip at every bit width", arguments: Array(0...32))
    func roundTrip(bitWidth: Int) throws {
        var random = SplitMix64Generator(state: UInt64(bitWidth))
        let limit: UInt64 = bitWidth == 0 ? 1 : 1 << UInt64(bitWidth)
        for length in [0, 1, 7, 8, 9, 63, 505, 2_000] {
            var values: [UInt32] = []
            while values.count < length {
                let value = UInt32(truncatingIfNeeded: random.next() % limit)
                // Mix short literals and long runs.
                let repeats = random.below(4) == 0 ? 1 + random.below(30) : 1
                values += [UInt32](repeating: value, count: min(repeats, length - values.count))
            }
            let bytes = encode(values, bitWidth: bitWidth)
            #expect(
                try decode(bytes, bitWidth: bitWidth, count: length) == values,
                "width \(bitWidth) length \(length)"
            )
        }
    }

    @Test("short or malformed RLE data throws")
    func malformed() {
        #expect(throws: FormatIssue.self) { try decode([0x03, 0x88], bitWidth: 3, count: 8) }
        #expect(throws: FormatIssue.self) { try decode([0x10], bitWidth: 8, count: 8) }
        #expect(throws: FormatIssue.self) { try decode([], bitWidth: 1, count: 1) }
        #expect(throws: FormatIssue.self) { try decode([0x02, 0x00], bitWidth: 33, count: 1) }
        #expect(throws: FormatIssue.self) { try decode([UInt8](repeating: 0xFF, count: 12), bitWidth: 1, count: 1) }
    }

    @Test("the Thrift reader skips unknown fields of every type")
    func thriftSkipsUnknownFields() throws {
        var w = ThriftCompactWriter()
        w.i32(1, 7)
        w.bool(2, true)
        w.i8(3, -2)
        w.i64(4, Int64.min)
        w.binary(5, [1, 2, 3])
        w.list(6, of: .i32, count: 20)
        for k in 0..<20 { w.i32Element(Int32(k)) }
        w.structure(7) { s in
            s.list(1, of: .structure, count: 1)
            s.structElement { $0.string(1, "x") }
        }
        w.i32(300, 9)  // long-form field header
        // A map and a double, which the writer never emits, then a known field after them.
        var raw = w.bytes
        raw += [0x1B, 0x01, 0x55, 0x02, 0x04]  // field 301: map, 1 entry, i32 -> i32, (1, 2)
        raw += [0x17] + [UInt8](repeating: 0, count: 8)  // field 302: double
        raw += [0x15, 0x54]  // field 303: i32 42
        raw += [0x00]
        var reader = ThriftCompactReader(bytes: raw)
        var seen: [Int16: Int64] = [:]
        try reader.readStruct { r, id, type in
            switch (id, type) {
            case (1, .i32), (303, .i32): seen[id] = Int64(try r.readI32())
            case (4, .i64): seen[id] = try r.readI64()
            default: try r.skip(type)
            }
        }
        #expect(seen == [1: 7, 4: Int64.min, 303: 42])
        #expect(reader.remaining == 0)
    }
}
