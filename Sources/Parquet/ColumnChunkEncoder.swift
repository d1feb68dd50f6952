import Codecs

/// Size limits for the pages of a column chunk.
struct PageLimits: Sendable {
    /// A data page holds at most this many rows...
    var maxRowsPerPage = 65_536
    /// ...and is closed once its PLAIN values reach this many bytes.
    var targetPageBytes = 1 << 20
    /// A dictionary larger than this falls back to PLAIN for the whole chunk.
    var maxDictionaryEntries = 65_536
    var maxDictionaryBytes = 1 << 20
    /// Longer string min/max are left out of the statistics, as parquet-cpp does.
    var maxStatisticsBytes = 4096
}

/// A writer-side failure while encoding a chunk (a value too large for a page, a codec error).
struct EncodingIssue: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// A column chunk ready to be written at the offset it was encoded for.
struct EncodedChunk {
    var bytes: [UInt8]
    var metaData: ColumnMetaData
}

/// Turns one column's values for a row group into a column chunk: an optional dictionary
/// page, then v1 data pages (definition levels for nullable columns, then PLAIN values or
/// RLE_DICTIONARY indices), each compressed on its own.
struct ColumnChunkEncoder {
    let compression: ParquetCompression
    let limits: PageLimits
    /// One zstd context reused for every page of the file (a writer is used from one task).
    private let compressor: Zstd.Compressor?

    init(compression: ParquetCompression, limits: PageLimits) {
        self.compression = compression
        self.limits = limits
        if case .zstd(let level) = compression { compressor = Zstd.Compressor(level: level) } else { compressor = nil }
    }

    func encode(_ input: ChunkInput, column: ParquetColumn, at chunkOffset: Int64) throws -> EncodedChunk {
        var out: [UInt8] = []
        var uncompressedTotal = 0
        let (minimum, maximum) = extremes(input.values)

        var dictionary: DictionaryEncoded?
        var dictionaryPageOffset: Int64?
        // An all-null chunk stays PLAIN: some readers reject an empty dictionary page.
        if column.dictionary {
            dictionary = buildDictionary(input.values)
        }
        if let dictionary {
            dictionaryPageOffset = chunkOffset
            let header = PageHeader(
                type: PageHeader.Kind.dictionaryPage.rawValue,
                uncompressedPageSize: 0,
                compressedPageSize: 0,
                dictionaryPage: .init(numValues: Int32(dictionary.entryCount), encoding: Encoding.plain)
            )
            uncompressedTotal += try appendPage(header, body: dictionary.plainEntries, into: &out)
        }

        let dataPageOffset = chunkOffset + Int64(out.count)
        let valueEncoding = dictionary == nil ? Encoding.plain : Encoding.rleDictionary
        var body: [UInt8] = []
        for page in pageBoundaries(input, dictionaryIndices: dictionary != nil) {
            body.removeAll(keepingCapacity: true)
            if let levels = input.definitionLevels {
                appendDefinitionLevels(levels[page.rows], into: &body)
            }
            if let dictionary {
                let width = dictionary.indexBitWidth
                body.append(UInt8(width))
                dictionary.indices[page.values].withUnsafeBufferPointer {
                    RLEHybrid.encode($0, bitWidth: width, into: &body)
                }
            } else {
                appendPlain(input.values, page.values, into: &body)
            }
            let header = PageHeader(
                type: PageHeader.Kind.dataPage.rawValue,
                uncompressedPageSize: 0,
                compressedPageSize: 0,
                dataPage: .init(
                    numValues: Int32(page.rows.count),
                    encoding: valueEncoding,
                    definitionLevelEncoding: Encoding.rle,
                    repetitionLevelEncoding: Encoding.rle
                )
            )
            uncompressedTotal += try appendPage(header, body: body, into: &out)
        }

        var statistics = Statistics(nullCount: Int64(input.nullCount))
        if let minimum, let maximum {
            statistics.minValue = minimum
            statistics.maxValue = maximum
        }
        let encodings =
            dictionary == nil
            ? [Encoding.plain, Encoding.rle]
            : [Encoding.plain, Encoding.rle, Encoding.rleDictionary]
        let metaData = ColumnMetaData(
            type: physicalType(column.type),
            encodings: encodings,
            path: [column.name],
            codec: codecID,
            numValues: Int64(input.rowCount),
            totalUncompressedSize: Int64(uncompressedTotal),
            totalCompressedSize: Int64(out.count),
            dataPageOffset: dataPageOffset,
            dictionaryPageOffset: dictionaryPageOffset,
            statistics: statistics
        )
        return EncodedChunk(bytes: out, metaData: metaData)
    }

    var codecID: Int32 {
        switch compression {
        case .none: CompressionCodec.uncompressed
        case .zstd: CompressionCodec.zstd
        }
    }

    // MARK: pages

    /// Compresses `body`, fills in the header's sizes and appends header and page.
    /// Returns the page's uncompressed size including its header.
    private func appendPage(_ header: PageHeader, body: [UInt8], into out: inout [UInt8]) throws -> Int {
        guard body.count <= Int(Int32.max) else {
            throw EncodingIssue("a page of \(body.count) bytes exceeds Parquet's 2 GiB page limit")
        }
        var header = header
        header.uncompressedPageSize = Int32(body.count)
        switch compression {
        case .none:
            header.compressedPageSize = Int32(body.count)
            let encodedHeader = header.encoded()
            out.append(contentsOf: encodedHeader)
            out.append(contentsOf: body)
            return encodedHeader.count + body.count
        case .zstd:
            let compressed = body.withUnsafeBytes { compressor!.compress($0) }
            guard compressed.count <= Int(Int32.max) else {
                throw EncodingIssue("a compressed page of \(compressed.count) bytes exceeds Parquet's 2 GiB page limit")
            }
            header.compressedPageSize = Int32(compressed.count)
            let encodedHeader = header.encoded()
            out.append(contentsOf: encodedHeader)
            out.append(contentsOf: compressed)
            return encodedHeader.count + body.count
        }
    }

    /// Splits the chunk's rows into pages; each page also knows the range of its non-null values.
    private func pageBoundaries(
        _ input: ChunkInput,
        dictionaryIndices: Bool
    ) -> [(rows: Range<Int>, values: Range<Int>)] {
        var pages: [(rows: Range<Int>, values: Range<Int>)] = []
        var rowStart = 0
        var valueStart = 0
        var value = 0
        var bytes = 0
        for row in 0..<input.rowCount {
            if input.definitionLevels?[row] ?? 1 == 1 {
                if !dictionaryIndices { bytes += plainSize(input.values, value) }
                value += 1
            }
            if row + 1 - rowStart >= limits.maxRowsPerPage || bytes >= limits.targetPageBytes {
                pages.append((rowStart..<(row + 1), valueStart..<value))
                rowStart = row + 1
                valueStart = value
                bytes = 0
            }
        }
        if rowStart < input.rowCount || pages.isEmpty {
            pages.append((rowStart..<input.rowCount, valueStart..<value))
        }
        return pages
    }

    private func plainSize(_ values: PhysicalValues, _ index: Int) -> Int {
        switch values {
        case .int32: 4
        case .int64: 8
        case .byteArrays(let arrays): 4 + arrays.range(index).count
        }
    }

    /// v1 pages prefix the RLE-encoded levels with their byte length (u32 LE); a flat
    /// OPTIONAL column has max level 1, so bit width 1.
    private func appendDefinitionLevels(_ levels: ArraySlice<UInt8>, into body: inout [UInt8]) {
        let lengthAt = body.count
        body.append(contentsOf: [0, 0, 0, 0])
        levels.withUnsafeBufferPointer { RLEHybrid.encode($0, bitWidth: 1, into: &body) }
        let length = UInt32(body.count - lengthAt - 4)
        for k in 0..<4 { body[lengthAt + k] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(k))) }
    }

    private func appendPlain(_ values: PhysicalValues, _ range: Range<Int>, into body: inout [UInt8]) {
        switch values {
        case .int32(let v): PlainEncoding.append(v[range], into: &body)
        case .int64(let v): PlainEncoding.append(v[range], into: &body)
        case .byteArrays(let v): PlainEncoding.append(v, range, into: &body)
        }
    }

    // MARK: dictionary and statistics

    /// nil when there is nothing to put in a dictionary or it outgrows the limits.
    private func buildDictionary(_ values: PhysicalValues) -> DictionaryEncoded? {
        let builder = DictionaryBuilder(maxEntries: limits.maxDictionaryEntries, maxBytes: limits.maxDictionaryBytes)
        switch values {
        case .int32(let v):
            guard let lo = v.min(), let hi = v.max() else { return nil }
            return builder.build(v, minimum: lo, maximum: hi)
        case .int64(let v):
            guard let lo = v.min(), let hi = v.max() else { return nil }
            return builder.build(v, minimum: lo, maximum: hi)
        case .byteArrays(let v):
            return v.count == 0 ? nil : builder.build(v)
        }
    }

    /// PLAIN-encoded min and max in Parquet's order: signed for integers, bytewise for byte
    /// arrays. nil for an all-null chunk or an overlong string.
    private func extremes(_ values: PhysicalValues) -> (min: [UInt8]?, max: [UInt8]?) {
        switch values {
        case .int32(let v):
            guard let lo = v.min(), let hi = v.max() else { return (nil, nil) }
            return (PlainEncoding.bytes(of: lo), PlainEncoding.bytes(of: hi))
        case .int64(let v):
            guard let lo = v.min(), let hi = v.max() else { return (nil, nil) }
            return (PlainEncoding.bytes(of: lo), PlainEncoding.bytes(of: hi))
        case .byteArrays(let arrays):
            guard arrays.count > 0 else { return (nil, nil) }
            return arrays.bytes.withUnsafeBytes { bytes in
                func value(_ i: Int) -> UnsafeRawBufferPointer {
                    UnsafeRawBufferPointer(rebasing: bytes[arrays.range(i)])
                }
                var lo = 0
                var hi = 0
                for i in 1..<arrays.count {
                    let candidate = value(i)
                    if compareBytes(candidate, value(lo)) < 0 { lo = i }
                    if compareBytes(candidate, value(hi)) > 0 { hi = i }
                }
                let minimum = value(lo)
                let maximum = value(hi)
                guard minimum.count <= limits.maxStatisticsBytes, maximum.count <= limits.maxStatisticsBytes else {
                    return (nil, nil)
                }
                return (Array(minimum), Array(maximum))
            }
        }
    }
}

func physicalType(_ type: ParquetType) -> Int32 {
    switch type {
    case .int8, .int32: PhysicalType.int32
    case .int64: PhysicalType.int64
    case .string: PhysicalType.byteArray
    }
}
