/// A corrupt or unsupported structure found while decoding; the reader adds the file, column and offset.
struct FormatIssue: Error {
    let message: String
    /// A valid file using what the reader does not read, rather than a damaged one.
    let isUnsupported: Bool

    init(_ message: String) {
        self.message = message
        self.isUnsupported = false
    }

    private init(unsupported message: String) {
        self.message = message
        self.isUnsupported = true
    }

    static func unsupported(_ message: String) -> FormatIssue { FormatIssue(unsupported: message) }
}

/// Decodes the Thrift compact protocol from untrusted bytes. Every length is checked against
/// the bytes that remain, nesting is bounded, and fields a caller does not know are skipped
/// whatever their type, because other writers add fields this reader never asks for.
struct ThriftCompactReader {
    private let bytes: [UInt8]
    private(set) var position: Int
    private let end: Int
    private var depth = 0
    private static let maxDepth = 32

    init(bytes: [UInt8], position: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.position = position
        self.end = min(end ?? bytes.count, bytes.count)
    }

    var remaining: Int { end - position }

    // MARK: structs

    /// Calls `field` once per field until the stop byte. `field` must consume the value,
    /// reading it or calling `skip(_:)`.
    mutating func readStruct(_ field: (inout ThriftCompactReader, Int16, ThriftType) throws -> Void) throws {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw FormatIssue("Thrift structures nested deeper than \(Self.maxDepth)") }
        var lastID: Int16 = 0
        while true {
            let header = try byte()
            if header == 0 { return }
            let type = try thriftType(header & 0x0F)
            let delta = header >> 4
            let id: Int16
            if delta == 0 {
                let raw = try zigzagVarint()
                guard let narrow = Int16(exactly: raw) else { throw FormatIssue("Thrift field id \(raw) out of range") }
                id = narrow
            } else {
                id = lastID &+ Int16(delta)
            }
            lastID = id
            try field(&self, id, type)
        }
    }

    /// Reads a list header and calls `element` once per element.
    mutating func readList(_ element: (inout ThriftCompactReader, ThriftType) throws -> Void) throws {
        let (count, type) = try listHeader()
        for _ in 0..<count { try element(&self, type) }
    }

    // MARK: values

    mutating func readBool(_ type: ThriftType) -> Bool { type == .boolTrue }

    mutating func readI8() throws -> Int8 { Int8(bitPattern: try byte()) }

    mutating func readI32() throws -> Int32 {
        let v = try zigzagVarint()
        guard let narrow = Int32(exactly: v) else { throw FormatIssue("Thrift i32 value \(v) out of range") }
        return narrow
    }

    mutating func readI64() throws -> Int64 { try zigzagVarint() }

    mutating func readBinary() throws -> [UInt8] {
        let length = try varint()
        guard length <= UInt64(remaining) else {
            throw FormatIssue("Thrift binary of \(length) bytes overruns the \(remaining) bytes left")
        }
        let start = position
        position += Int(length)
        return Array(bytes[start..<position])
    }

    /// Metadata strings; invalid UTF-8 is repaired rather than rejected, since names and
    /// key-value pairs are informational.
    mutating func readString() throws -> String {
        String(decoding: try readBinary(), as: UTF8.self)
    }

    /// Reads `count` elements of a list of strings.
    mutating func readStringList() throws -> [String] {
        var result: [String] = []
        try readList { r, type in
            guard type == .binary else { throw FormatIssue("expected a list of strings") }
            result.append(try r.readString())
        }
        return result
    }

    mutating func readI32List() throws -> [Int32] {
        var result: [Int32] = []
        try readList { r, type in
            guard type == .i32 else { throw FormatIssue("expected a list of i32") }
            result.append(try r.readI32())
        }
        return result
    }

    // MARK: skipping

    /// Skips a field's value of any type.
    mutating func skip(_ type: ThriftType) throws {
        try skipValue(type, inCollection: false)
    }

    private mutating func skipValue(_ type: ThriftType, inCollection: Bool) throws {
        switch type {
        case .boolTrue, .boolFalse:
            // A bool field carries its value in the header; a bool element takes one byte.
            if inCollection { _ = try byte() }
        case .i8: _ = try byte()
        case .i16, .i32, .i64: _ = try varint()
        case .double: try advance(8)
        case .binary: _ = try readBinary()
        case .list, .set:
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maxDepth else {
                throw FormatIssue("Thrift structures nested deeper than \(Self.maxDepth)")
            }
            let (count, element) = try listHeader()
            for _ in 0..<count { try skipValue(element, inCollection: true) }
        case .map:
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maxDepth else {
                throw FormatIssue("Thrift structures nested deeper than \(Self.maxDepth)")
            }
            let count = try varint()
            guard count <= UInt64(remaining) else {
                throw FormatIssue("Thrift map of \(count) entries overruns its bytes")
            }
            if count == 0 { return }
            let types = try byte()
            let key = try thriftType(types >> 4)
            let value = try thriftType(types & 0x0F)
            for _ in 0..<count {
                try skipValue(key, inCollection: true)
                try skipValue(value, inCollection: true)
            }
        case .structure:
            try readStruct { r, _, fieldType in try r.skip(fieldType) }
        }
    }

    // MARK: primitives

    private mutating func listHeader() throws -> (count: Int, type: ThriftType) {
        let header = try byte()
        let type = try thriftType(header & 0x0F)
        var count = UInt64(header >> 4)
        if count == 15 { count = try varint() }
        // Every element takes at least one byte, so a longer list cannot be genuine.
        guard count <= UInt64(remaining) else {
            throw FormatIssue("Thrift list of \(count) elements overruns the \(remaining) bytes left")
        }
        return (Int(count), type)
    }

    private func thriftType(_ nibble: UInt8) throws -> ThriftType {
        guard let type = ThriftType(rawValue: nibble) else { throw FormatIssue("invalid Thrift type \(nibble)") }
        return type
    }

    private mutating func byte() throws -> UInt8 {
        guard position < end else { throw FormatIssue("Thrift data ends early") }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func advance(_ n: Int) throws {
        guard n <= remaining else { throw FormatIssue("Thrift data ends early") }
        position += n
    }

    private mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw FormatIssue("Thrift varint longer than 10 bytes") }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
        }
    }

    private mutating func zigzagVarint() throws -> Int64 {
        ULEB128.zigzag(try varint())
    }
}
