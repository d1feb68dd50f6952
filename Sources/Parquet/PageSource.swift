import Codecs
import FileIO

/// Reads the pages of one column chunk one at a time through positional reads, into buffers it reuses:
/// it holds one compressed and one decompressed page, never the chunk. Damage throws `FormatIssue`, a failed
/// read `FileIOError`.
struct PageSource {
    /// A page header and where the page lies in the file.
    struct Page {
        var header: PageHeader
        /// File offset of the page header: the page's place in error messages.
        var offset: Int
        /// File offset of the page's (compressed) data, just past the header.
        var dataOffset: Int
    }

    let file: PositionalFile
    /// The chunk's byte range in the file.
    let end: Int
    private(set) var position: Int
    /// The raw codec, for messages; `codec` is nil for UNCOMPRESSED.
    let rawCodec: Int32
    let codec: BlockCodec?
    /// No page may claim more decompressed bytes than this: the chunk's own total where the writer stated one,
    /// and never more than `maxPageSize`.
    let maxUncompressed: Int
    /// Compressed page bytes read so far.
    private(set) var bytesRead: Int64 = 0
    private var compressed: [UInt8] = []
    private var decompressed: [UInt8] = []
    private let decompressor: BlockDecompressor

    /// Pages above 1 GiB are refused whatever the metadata says: real writers cut pages at about 1 MiB.
    static let maxPageSize = 1 << 30
    /// Headers are read in a first guess of this many bytes, grown while the header does not fit.
    private static let headerGuess = 256

    init(file: PositionalFile, start: Int, end: Int, meta: ColumnMetaData, decompressor: BlockDecompressor) throws {
        self.file = file
        self.position = start
        self.end = end
        self.rawCodec = meta.codec
        self.decompressor = decompressor
        if meta.codec == CompressionCodec.uncompressed {
            codec = nil
        } else if let block = CompressionCodec.block(meta.codec) {
            codec = block
        } else {
            throw FormatIssue.unsupported("unsupported compression \(CompressionCodec.name(meta.codec))")
        }
        let stated = meta.totalUncompressedSize > 0 ? Int(clamping: meta.totalUncompressedSize) : Self.maxPageSize
        maxUncompressed = min(stated, Self.maxPageSize)
    }

    var isAtEnd: Bool { position >= end }

    /// Reads the next page's header; the caller then reads or skips its data.
    mutating func nextHeader() throws -> Page {
        let offset = position
        guard offset < end else { throw FormatIssue("the column chunk ends at byte \(end) before all its rows") }
        var guess = min(Self.headerGuess, end - offset)
        while true {
            let bytes = try file.read(offset: offset, count: guess)
            var reader = ThriftCompactReader(bytes: bytes)
            do {
                let header = try PageHeader.decode(&reader)
                let dataOffset = offset + reader.position
                guard Int(header.compressedPageSize) <= end - dataOffset else {
                    throw FormatIssue(
                        "page of \(header.compressedPageSize) bytes overruns its column chunk (ends at byte \(end))"
                    )
                }
                guard Int(header.uncompressedPageSize) <= maxUncompressed else {
                    throw FormatIssue(
                        "page claims \(header.uncompressedPageSize) uncompressed bytes, over the \(maxUncompressed) its chunk allows"
                    )
                }
                position = dataOffset + Int(header.compressedPageSize)
                return Page(header: header, offset: offset, dataOffset: dataOffset)
            } catch let issue as FormatIssue {
                // A header longer than the guess (large statistics) fails to decode; read more, up to the chunk's end.
                guard guess < end - offset else { throw issue }
                guard guess < Self.maxPageSize else { throw issue }
                guess = min(guess * 4, end - offset)
            }
        }
    }

    /// Reads the page's data as stored, for `withStored` and `withData`.
    mutating func load(_ page: Page) throws {
        let count = Int(page.header.compressedPageSize)
        if compressed.count < count { compressed = [UInt8](repeating: 0, count: count) }
        let file = self.file
        try compressed.withUnsafeMutableBytes { buffer in
            try file.read(offset: page.dataOffset, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count]))
        }
        bytesRead += Int64(count)
        try compressed.withUnsafeBytes {
            try page.header.verifyChecksum(UnsafeRawBufferPointer(rebasing: $0[0..<count]))
        }
    }

    /// Calls `body` with `range` of the loaded page's stored bytes (v2 levels sit uncompressed at its start).
    func withStored<R>(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try compressed.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    /// Calls `body` with the bytes from `skip` on of the page just read by `load`, decompressed to `size` bytes when
    /// `compressed` (v2 pages may store their values raw).
    mutating func withData<R>(
        _ page: Page,
        skipping skip: Int,
        size: Int,
        compressed isCompressed: Bool,
        _ body: (UnsafeRawBufferPointer) throws -> R
    ) throws -> R {
        let stored = Int(page.header.compressedPageSize) - skip
        guard skip >= 0, stored >= 0, size >= 0 else { throw FormatIssue("page sections overrun the page") }
        guard let codec, isCompressed else {
            guard stored == size else {
                throw FormatIssue("uncompressed page section of \(stored) bytes, header says \(size)")
            }
            return try compressed.withUnsafeBytes {
                try body(UnsafeRawBufferPointer(rebasing: $0[skip..<(skip + size)]))
            }
        }
        if decompressed.count < size { decompressed = [UInt8](repeating: 0, count: size) }
        // Moved out for the call, so that reading one buffer while writing the other is no overlapping access.
        var output: [UInt8] = []
        swap(&output, &decompressed)
        defer { swap(&output, &decompressed) }
        let decompressor = self.decompressor
        let rawCodec = self.rawCodec
        try compressed.withUnsafeBytes { input in
            try output.withUnsafeMutableBytes { output in
                do {
                    try decompressor.decompress(
                        codec,
                        UnsafeRawBufferPointer(rebasing: input[skip..<(skip + stored)]),
                        into: UnsafeMutableRawBufferPointer(rebasing: output[0..<size])
                    )
                } catch let failure as BlockDecompressor.Failure {
                    throw FormatIssue("\(CompressionCodec.name(rawCodec)) page data: \(failure.detail)")
                }
            }
        }
        return try output.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<size])) }
    }
}
