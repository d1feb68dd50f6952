/// The container formats a shard may be stored in, recognised by their leading magic bytes.
public enum Compression: String, Sendable, CaseIterable {
    case none, zstd, lz4, gzip

    /// The format that `magic` (the first bytes of a file; four are enough) starts with.
    /// Anything unrecognised, including an empty or too short prefix, is `.none`.
    public static func detect(magic: [UInt8]) -> Compression {
        magic.withUnsafeBytes { detect(prefix: $0) }
    }

    /// Like `detect(magic:)`, over a buffer. Leading skippable frames (`5? 2A 4D 18`, shared by zstd and LZ4)
    /// are stepped over while the buffer holds them; a chain longer than the buffer is taken to be zstd.
    public static func detect(prefix: UnsafeRawBufferPointer) -> Compression {
        var at = 0
        while prefix.count - at >= 4 {
            let b0 = prefix[at]
            let b1 = prefix[at + 1]
            let b2 = prefix[at + 2]
            let b3 = prefix[at + 3]
            if b0 == 0x28, b1 == 0xB5, b2 == 0x2F, b3 == 0xFD { return .zstd }
            if b0 == 0x04, b1 == 0x22, b2 == 0x4D, b3 == 0x18 { return .lz4 }
            guard b0 & 0xF0 == 0x50, b1 == 0x2A, b2 == 0x4D, b3 == 0x18 else { break }
            guard prefix.count - at >= 8 else { return .zstd }
            let size =
                Int(prefix[at + 4]) | Int(prefix[at + 5]) << 8 | Int(prefix[at + 6]) << 16 | Int(prefix[at + 7]) << 24
            at += 8 + size
            if at >= prefix.count { return .zstd }
        }
        if prefix.count - at >= 2, prefix[at] == 0x1F, prefix[at + 1] == 0x8B { return .gzip }
        return .none
    }

    /// The file-name suffixes that say a file is in this format, the conventional one first.
    public var nameSuffixes: [String] {
        switch self {
        case .none: []
        case .zstd: [".zst", ".zstd"]
        case .lz4: [".lz4"]
        case .gzip: [".gz"]
        }
    }

    /// The format a file's name says it is in (`x.jsonl.zst`: zstd), or nil when the name names none.
    public static func named(by fileName: String) -> Compression? {
        let lowered = fileName.lowercased()
        return allCases.first { $0.nameSuffixes.contains(where: lowered.hasSuffix) }
    }

    /// The conventional file-name suffix, with its dot; empty for `.none`.
    public var fileSuffix: String { nameSuffixes.first ?? "" }

    /// The level each codec's own command-line tool uses by default (zstd 3, lz4 1, gzip 6).
    public var defaultLevel: Int {
        switch self {
        case .none: 0
        case .zstd: 3
        case .lz4: 1
        case .gzip: 6
        }
    }
}
