import Foundation

/// Variable-length values stored back to back: the writer's form of a string column.
/// Strings are handled as their UTF-8 bytes throughout, because Swift's String equality and
/// ordering follow Unicode canonical equivalence, whereas Parquet dictionaries and
/// statistics are bytewise.
struct ByteArrays {
    private(set) var bytes: [UInt8] = []
    /// End offset of each value in `bytes`; a value starts where the previous one ends.
    private(set) var ends: [Int] = []

    var count: Int { ends.count }

    func range(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    mutating func reserve(values: Int, bytes byteCount: Int) {
        ends.reserveCapacity(values)
        bytes.reserveCapacity(byteCount)
    }

    mutating func append(_ string: String) {
        bytes.append(contentsOf: string.utf8)
        ends.append(bytes.count)
    }

    mutating func append(_ value: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: value)
        ends.append(bytes.count)
    }
}

/// Bytewise (unsigned, lexicographic) comparison: Parquet's order for UTF-8 strings.
func compareBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
    let common = min(a.count, b.count)
    if common > 0 {
        let c = memcmp(a.baseAddress!, b.baseAddress!, common)
        if c != 0 { return Int(c) }
    }
    return a.count - b.count
}
