import Codecs
import Foundation

/// A Parquet page header (parquet.thrift PageHeader) with the sub-headers this module handles.
struct PageHeader {
    enum Kind: Int32 {
        case dataPage = 0
        case indexPage = 1
        case dictionaryPage = 2
        case dataPageV2 = 3
    }

    struct DataPage {
        var numValues: Int32
        var encoding: Int32
        var definitionLevelEncoding: Int32
        var repetitionLevelEncoding: Int32
    }

    struct DictionaryPage {
        var numValues: Int32
        var encoding: Int32
    }

    struct DataPageV2 {
        var numValues: Int32
        var numNulls: Int32
        var numRows: Int32
        var encoding: Int32
        var definitionLevelsByteLength: Int32
        var repetitionLevelsByteLength: Int32
        var isCompressed: Bool
    }

    /// Raw page type; values outside `Kind` belong to newer writers and are skipped.
    var type: Int32
    /// Both sizes exclude the header itself.
    var uncompressedPageSize: Int32
    var compressedPageSize: Int32
    /// CRC-32 of the page as stored (after the header), where the writer computed one
    /// (pyarrow's `write_page_checksum=True`, parquet-mr's page checksums).
    var crc: Int32?
    var dataPage: DataPage?
    var dictionaryPage: DictionaryPage?
    var dataPageV2: DataPageV2?

    func encoded() -> [UInt8] {
        ThriftCompactWriter.encode { w in
            w.i32(1, type)
            w.i32(2, uncompressedPageSize)
            w.i32(3, compressedPageSize)
            if let dataPage {
                w.structure(5) { h in
                    h.i32(1, dataPage.numValues)
                    h.i32(2, dataPage.encoding)
                    h.i32(3, dataPage.definitionLevelEncoding)
                    h.i32(4, dataPage.repetitionLevelEncoding)
                }
            }
            if let dictionaryPage {
                w.structure(7) { h in
                    h.i32(1, dictionaryPage.numValues)
                    h.i32(2, dictionaryPage.encoding)
                }
            }
        }
    }

    /// Checks the stored page bytes against the header's CRC-32, when it has one.
    func verifyChecksum(_ stored: UnsafeRawBufferPointer) throws {
        guard let crc else { return }
        let computed = CRC32.checksum(stored)
        guard computed == UInt32(bitPattern: crc) else {
            throw FormatIssue(
                String(
                    format: "page data fails its CRC-32: the header says %08x, the %d bytes give %08x",
                    UInt32(bitPattern: crc),
                    stored.count,
                    computed
                )
            )
        }
    }

    /// Decodes the header at `r`'s position; `r` ends just past it, at the page data.
    static func decode(_ r: inout ThriftCompactReader) throws -> PageHeader {
        var type: Int32?
        var uncompressed: Int32?
        var compressed: Int32?
        var crc: Int32?
        var dataPage: DataPage?
        var dictionaryPage: DictionaryPage?
        var dataPageV2: DataPageV2?
        try r.readStruct { r, id, fieldType in
            switch (id, fieldType) {
            case (1, .i32): type = try r.readI32()
            case (2, .i32): uncompressed = try r.readI32()
            case (3, .i32): compressed = try r.readI32()
            case (4, .i32): crc = try r.readI32()
            case (5, .structure): dataPage = try decodeDataPage(&r)
            case (7, .structure): dictionaryPage = try decodeDictionaryPage(&r)
            case (8, .structure): dataPageV2 = try decodeDataPageV2(&r)
            default: try r.skip(fieldType)
            }
        }
        guard let type, let uncompressed, let compressed else {
            throw FormatIssue("page header lacks its type or sizes")
        }
        guard uncompressed >= 0, compressed >= 0 else {
            throw FormatIssue("page header has a negative size (\(uncompressed), \(compressed))")
        }
        return PageHeader(
            type: type,
            uncompressedPageSize: uncompressed,
            compressedPageSize: compressed,
            crc: crc,
            dataPage: dataPage,
            dictionaryPage: dictionaryPage,
            dataPageV2: dataPageV2
        )
    }

    private static func decodeDataPage(_ r: inout ThriftCompactReader) throws -> DataPage {
        var numValues: Int32?
        var encoding: Int32?
        var definition: Int32 = Encoding.rle
        var repetition: Int32 = Encoding.rle
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .i32): numValues = try r.readI32()
            case (2, .i32): encoding = try r.readI32()
            case (3, .i32): definition = try r.readI32()
            case (4, .i32): repetition = try r.readI32()
            default: try r.skip(type)
            }
        }
        guard let numValues, let encoding else { throw FormatIssue("data page header lacks num_values or encoding") }
        return DataPage(
            numValues: numValues,
            encoding: encoding,
            definitionLevelEncoding: definition,
            repetitionLevelEncoding: repetition
        )
    }

    private static func decodeDictionaryPage(_ r: inout ThriftCompactReader) throws -> DictionaryPage {
        var numValues: Int32?
        var encoding: Int32?
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .i32): numValues = try r.readI32()
            case (2, .i32): encoding = try r.readI32()
            default: try r.skip(type)
            }
        }
        guard let numValues, let encoding else {
            throw FormatIssue("dictionary page header lacks num_values or encoding")
        }
        return DictionaryPage(numValues: numValues, encoding: encoding)
    }

    private static func decodeDataPageV2(_ r: inout ThriftCompactReader) throws -> DataPageV2 {
        var numValues: Int32?
        var numNulls: Int32?
        var numRows: Int32?
        var encoding: Int32?
        var definitionLength: Int32?
        var repetitionLength: Int32?
        var isCompressed = true
        try r.readStruct { r, id, type in
            switch (id, type) {
            case (1, .i32): numValues = try r.readI32()
            case (2, .i32): numNulls = try r.readI32()
            case (3, .i32): numRows = try r.readI32()
            case (4, .i32): encoding = try r.readI32()
            case (5, .i32): definitionLength = try r.readI32()
            case (6, .i32): repetitionLength = try r.readI32()
            case (7, .boolTrue), (7, .boolFalse): isCompressed = r.readBool(type)
            default: try r.skip(type)
            }
        }
        guard let numValues, let numNulls, let numRows, let encoding, let definitionLength, let repetitionLength else {
            throw FormatIssue("data page v2 header lacks a required field")
        }
        return DataPageV2(
            numValues: numValues,
            numNulls: numNulls,
            numRows: numRows,
            encoding: encoding,
            definitionLevelsByteLength: definitionLength,
            repetitionLevelsByteLength: repetitionLength,
            isCompressed: isCompressed
        )
    }
}
