import Codecs

/// A physical value type the chunk decoder can produce from PLAIN bytes.
protocol PlainDecodable {
    /// Appends `count` values; returns the bytes consumed.
    static func decodePlain(_ data: UnsafeRawBufferPointer, count: Int, into out: inout [Self]) throws -> Int
}

extension Int32: PlainDecodable {
    static func decodePlain(_ data: UnsafeRawBufferPointer, count: Int, into out: inout [Int32]) throws -> Int {
        try PlainEncoding.decode(data, count: count, into: &out)
    }
}

extension Int64: PlainDecodable {
    static func decodePlain(_ data: UnsafeRawBufferPointer, count: Int, into out: inout [Int64]) throws -> Int {
        try PlainEncoding.decode(data, count: count, into: &out)
    }
}

extension String: PlainDecodable {
    static func decodePlain(_ data: UnsafeRawBufferPointer, count: Int, into out: inout [String]) throws -> Int {
        try PlainEncoding.decodeStrings(data, count: count, into: &out)
    }
}

/// The decoded content of a column chunk: the non-null values and, for an OPTIONAL column,
/// one definition level per row (1 = present).
struct DecodedChunk<T> {
    var values: [T] = []
    var definitionLevels: [UInt8]?
}

/// Decodes the pages of one column chunk of a flat schema: an optional dictionary page, then
/// v1 or v2 data pages with PLAIN or dictionary-encoded values, in any codec `BlockDecompressor` reads.
/// Errors name the byte offset of the page in the file.
struct ColumnChunkDecoder {
    /// The chunk's bytes, from its first page header to the end of its last page.
    let bytes: [UInt8]
    /// File offset of `bytes[0]`, for error messages.
    let fileOffset: Int
    let codec: Int32
    let optional: Bool
    /// Values (rows, nulls included) the metadata promises.
    let valueCount: Int
    let decompressor: BlockDecompressor

    /// A page may claim at most this much in its header: this decoder holds whole chunks in memory.
    private static let maxUnverifiedPageSize = 1 << 28

    func decode<T: PlainDecodable>(as: T.Type) throws -> DecodedChunk<T> {
        var chunk = DecodedChunk<T>()
        let reserve = min(valueCount, bytes.count * 8 + 1024)
        chunk.values.reserveCapacity(reserve)
        if optional {
            chunk.definitionLevels = []
            chunk.definitionLevels!.reserveCapacity(reserve)
        }
        var dictionary: [T]?
        var position = 0
        var seen = 0
        while seen < valueCount {
            let pageOffset = fileOffset + position
            guard position < bytes.count else {
                throw FormatIssue("column chunk ends at byte \(pageOffset) after \(seen) of \(valueCount) values")
            }
            do {
                var reader = ThriftCompactReader(bytes: bytes, position: position)
                let header = try PageHeader.decode(&reader)
                let dataStart = reader.position
                let compressedSize = Int(header.compressedPageSize)
                guard compressedSize <= bytes.count - dataStart else {
                    throw FormatIssue("page of \(compressedSize) bytes overruns its column chunk")
                }
                let page = dataStart..<(dataStart + compressedSize)
                position = page.upperBound
                try bytes.withUnsafeBytes { try header.verifyChecksum(UnsafeRawBufferPointer(rebasing: $0[page])) }
                switch PageHeader.Kind(rawValue: header.type) {
                case .dictionaryPage:
                    guard dictionary == nil, seen == 0 else { throw FormatIssue("dictionary page after data pages") }
                    dictionary = try decodeDictionaryPage(header, page, as: T.self)
                case .dataPage:
                    seen += try decodeDataPageV1(
                        header,
                        page,
                        dictionary: dictionary,
                        remaining: valueCount - seen,
                        into: &chunk
                    )
                case .dataPageV2:
                    seen += try decodeDataPageV2(
                        header,
                        page,
                        dictionary: dictionary,
                        remaining: valueCount - seen,
                        into: &chunk
                    )
                case .indexPage, nil:
                    continue
                }
            } catch let error as FormatIssue {
                let message = "page at byte \(pageOffset): \(error.message)"
                throw error.isUnsupported ? FormatIssue.unsupported(message) : FormatIssue(message)
            }
        }
        return chunk
    }

    // MARK: page kinds

    private func decodeDictionaryPage<T: PlainDecodable>(
        _ header: PageHeader,
        _ page: Range<Int>,
        as: T.Type
    ) throws -> [T] {
        guard let info = header.dictionaryPage else { throw FormatIssue("dictionary page without its header") }
        guard info.encoding == Encoding.plain || info.encoding == Encoding.plainDictionary else {
            throw FormatIssue.unsupported("unsupported dictionary page encoding \(Encoding.name(info.encoding))")
        }
        guard info.numValues >= 0 else { throw FormatIssue("negative dictionary size") }
        let body = try decompress(page, uncompressedSize: Int(header.uncompressedPageSize), compressed: true)
        var entries: [T] = []
        try body.withUnsafeBytes { _ = try T.decodePlain($0, count: Int(info.numValues), into: &entries) }
        return entries
    }

    private func decodeDataPageV1<T: PlainDecodable>(
        _ header: PageHeader,
        _ page: Range<Int>,
        dictionary: [T]?,
        remaining: Int,
        into chunk: inout DecodedChunk<T>
    ) throws -> Int {
        guard let info = header.dataPage else { throw FormatIssue("data page without its header") }
        let count = Int(info.numValues)
        guard count >= 0, count <= remaining else {
            throw FormatIssue("data page holds \(info.numValues) values, but only \(remaining) remain in the chunk")
        }
        let body = try decompress(page, uncompressedSize: Int(header.uncompressedPageSize), compressed: true)
        try body.withUnsafeBytes { data in
            var valuesStart = 0
            var present = count
            if optional {
                guard info.definitionLevelEncoding == Encoding.rle else {
                    throw FormatIssue(
                        "unsupported definition level encoding \(Encoding.name(info.definitionLevelEncoding))"
                    )
                }
                guard data.count >= 4 else { throw FormatIssue("definition levels length missing") }
                let length = Int(UInt32(littleEndian: data.loadUnaligned(as: UInt32.self)))
                guard length <= data.count - 4 else { throw FormatIssue("definition levels overrun the page") }
                present = try appendLevels(
                    UnsafeRawBufferPointer(rebasing: data[4..<(4 + length)]),
                    count: count,
                    into: &chunk
                )
                valuesStart = 4 + length
            }
            try appendValues(
                UnsafeRawBufferPointer(rebasing: data[valuesStart...]),
                count: present,
                encoding: info.encoding,
                dictionary: dictionary,
                into: &chunk.values
            )
        }
        return count
    }

    /// v2 pages keep their levels uncompressed, ahead of the (possibly compressed) values.
    private func decodeDataPageV2<T: PlainDecodable>(
        _ header: PageHeader,
        _ page: Range<Int>,
        dictionary: [T]?,
        remaining: Int,
        into chunk: inout DecodedChunk<T>
    ) throws -> Int {
        guard let info = header.dataPageV2 else { throw FormatIssue("data page v2 without its header") }
        let count = Int(info.numValues)
        guard count >= 0, count <= remaining else {
            throw FormatIssue("data page holds \(info.numValues) values, but only \(remaining) remain in the chunk")
        }
        guard info.repetitionLevelsByteLength == 0 else {
            throw FormatIssue("repetition levels in a flat column")
        }
        let levelsLength = Int(info.definitionLevelsByteLength)
        guard levelsLength >= 0, levelsLength <= page.count else {
            throw FormatIssue("definition levels overrun the page")
        }
        guard optional || levelsLength == 0 else { throw FormatIssue("definition levels in a REQUIRED column") }
        let levels = page.lowerBound..<(page.lowerBound + levelsLength)
        var present = count
        if optional {
            present = try bytes.withUnsafeBytes {
                try appendLevels(UnsafeRawBufferPointer(rebasing: $0[levels]), count: count, into: &chunk)
            }
        }
        guard Int(info.numNulls) == count - present else {
            throw FormatIssue("data page v2 says \(info.numNulls) nulls, its levels say \(count - present)")
        }
        let valuesSize = Int(header.uncompressedPageSize) - levelsLength
        guard valuesSize >= 0 else { throw FormatIssue("uncompressed page size is smaller than its levels") }
        let values = try decompress(
            levels.upperBound..<page.upperBound,
            uncompressedSize: valuesSize,
            compressed: info.isCompressed
        )
        try values.withUnsafeBytes {
            try appendValues($0, count: present, encoding: info.encoding, dictionary: dictionary, into: &chunk.values)
        }
        return count
    }

    // MARK: sections

    /// Appends `count` definition levels; returns how many are 1 (present values).
    private func appendLevels<T>(
        _ data: UnsafeRawBufferPointer,
        count: Int,
        into chunk: inout DecodedChunk<T>
    ) throws -> Int {
        let start = chunk.definitionLevels!.count
        try RLEHybrid.decode(data, bitWidth: 1, count: count, into: &chunk.definitionLevels!)
        var present = 0
        for level in chunk.definitionLevels![start...] {
            guard level <= 1 else { throw FormatIssue("definition level \(level) in a flat column") }
            present += Int(level)
        }
        return present
    }

    private func appendValues<T: PlainDecodable>(
        _ data: UnsafeRawBufferPointer,
        count: Int,
        encoding: Int32,
        dictionary: [T]?,
        into out: inout [T]
    ) throws {
        switch encoding {
        case Encoding.plain:
            _ = try T.decodePlain(data, count: count, into: &out)
        case Encoding.plainDictionary, Encoding.rleDictionary:
            guard let dictionary else { throw FormatIssue("dictionary-encoded page without a dictionary page") }
            if count == 0 { return }
            guard data.count >= 1 else { throw FormatIssue("dictionary index bit width missing") }
            var indices: [UInt32] = []
            try RLEHybrid.decode(
                UnsafeRawBufferPointer(rebasing: data[1...]),
                bitWidth: Int(data[0]),
                count: count,
                into: &indices
            )
            out.reserveCapacity(out.count + count)
            for index in indices {
                guard Int(index) < dictionary.count else {
                    throw FormatIssue("dictionary index \(index) beyond the \(dictionary.count) entries")
                }
                out.append(dictionary[Int(index)])
            }
        default:
            throw FormatIssue.unsupported("unsupported encoding \(Encoding.name(encoding))")
        }
    }

    /// The page's bytes after decompression. `compressed` is false only for v2 pages that
    /// declare their values stored raw.
    private func decompress(_ range: Range<Int>, uncompressedSize: Int, compressed: Bool) throws -> [UInt8] {
        guard uncompressedSize >= 0 else { throw FormatIssue("negative uncompressed page size") }
        if codec == CompressionCodec.uncompressed || !compressed {
            guard range.count == uncompressedSize else {
                throw FormatIssue("uncompressed page of \(range.count) bytes, header says \(uncompressedSize)")
            }
            return Array(bytes[range])
        }
        guard let block = CompressionCodec.block(codec) else {
            throw FormatIssue.unsupported("unsupported compression \(CompressionCodec.name(codec))")
        }
        // Codecs other than zstd and snappy do not state their size: the header's claim is all there is.
        guard uncompressedSize <= Self.maxUnverifiedPageSize else {
            throw FormatIssue("page claims \(uncompressedSize) uncompressed bytes")
        }
        return try bytes.withUnsafeBytes { all in
            try [UInt8](unsafeUninitializedCapacity: uncompressedSize) { buffer, count in
                do {
                    try decompressor.decompress(
                        block,
                        UnsafeRawBufferPointer(rebasing: all[range]),
                        into: UnsafeMutableRawBufferPointer(buffer)
                    )
                } catch let failure as BlockDecompressor.Failure {
                    throw FormatIssue("\(CompressionCodec.name(codec)) page: \(failure.detail)")
                }
                count = uncompressedSize
            }
        }
    }
}
