import CXXHash

/// XXH3-64 (seed 0) of the string's UTF-8 bytes: the key for every seeded choice made about a document.
public func xxh3_64(_ string: String) -> UInt64 {
    var string = string
    return string.withUTF8 { XXH3_64bits($0.baseAddress, $0.count) }
}

/// XXH3-64 (seed 0) of raw bytes.
public func xxh3_64(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    XXH3_64bits(bytes.baseAddress, bytes.count)
}

/// XXH3-64 of a byte stream fed in pieces; equals `xxh3_64` of the pieces joined.
public final class XXH3Hasher {
    private let state: OpaquePointer
    /// Bytes fed so far.
    public private(set) var count: Int64 = 0

    public init() {
        guard let state = XXH3_createState() else { fatalError("XXH3_createState: out of memory") }
        self.state = state
        XXH3_64bits_reset(state)
    }

    deinit { XXH3_freeState(state) }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        XXH3_64bits_update(state, bytes.baseAddress, bytes.count)
        count += Int64(bytes.count)
    }

    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The hash of everything fed so far; feeding may continue afterwards.
    public var digest: UInt64 { XXH3_64bits_digest(state) }
}
