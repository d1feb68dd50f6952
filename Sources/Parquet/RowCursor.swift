import Codecs
import FileIO

/// One value the row cursor gives.
public enum ParquetCell: Sendable, Equatable {
    case null
    /// A BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY value that is valid UTF-8.
    case string(String)
    /// A BYTE_ARRAY value that is not UTF-8: the caller turns it into an error row.
    case invalidUTF8(byteCount: Int)
    /// An INT32 or INT64 value (any integer logical type; UINT_32 zero-extended).
    case integer(Int64)
}

/// A run of consecutive rows of a row group, column by column.
public struct ParquetRowBatch: Sendable {
    /// Index within the row group of the batch's first row.
    public let firstRow: Int64
    public let rowCount: Int
    /// One array per requested column, each `rowCount` long, in request order.
    public let columns: [[ParquetCell]]

    /// For callers' tests and adapters; the cursor makes its own.
    public init(firstRow: Int64, rowCount: Int, columns: [[ParquetCell]]) {
        self.firstRow = firstRow
        self.rowCount = rowCount
        self.columns = columns
    }
}

/// Reads some columns of one row group page by page, from `ParquetReader.rows(rowGroup:columns:firstRow:)`.
///
/// Memory is bounded by pages, not row groups: per requested column the cursor holds about one compressed plus
/// one decompressed page, that page's definition levels and decoded values, and the column's dictionary page
/// (decoded); plus the batch being returned. Page claims are checked against the chunk's byte range, its stated
/// uncompressed size and a 1 GiB ceiling before anything is allocated, and a page may hold at most 2^24 values.
///
/// Errors name the file, row group, column and the page's byte offset. After one, the cursor throws it again.
/// Not thread-safe: one cursor per task.
public final class ParquetRowCursor {
    private let file: String
    private let rowGroup: Int
    private let columnReaders: [ColumnCursor]
    private let rowCount: Int64
    private var nextRow: Int64
    private var failure: ParquetError?

    /// Compressed page bytes read so far, for progress.
    public var bytesRead: Int64 { columnReaders.reduce(0) { $0 + $1.pages.bytesRead } }

    init(file: String, rowGroup: Int, columns: [ColumnCursor], rowCount: Int64, firstRow: Int64) throws {
        self.file = file
        self.rowGroup = rowGroup
        self.columnReaders = columns
        self.rowCount = rowCount
        nextRow = min(max(firstRow, 0), rowCount)
        for column in columnReaders { try guarded(column) { try column.skip(nextRow) } }
    }

    /// The next rows (at most `maxRows`, at least one unless the row group is done), or nil when the row group is
    /// done. `maxRows` must be positive.
    public func next(maxRows: Int) throws -> ParquetRowBatch? {
        precondition(maxRows > 0, "maxRows must be positive")
        if let failure { throw failure }
        guard nextRow < rowCount else { return nil }
        let count = Int(min(Int64(maxRows), rowCount - nextRow))
        var columns: [[ParquetCell]] = []
        columns.reserveCapacity(columnReaders.count)
        for column in columnReaders {
            var cells: [ParquetCell] = []
            cells.reserveCapacity(count)
            try guarded(column) { try column.append(count, into: &cells) }
            columns.append(cells)
        }
        let batch = ParquetRowBatch(firstRow: nextRow, rowCount: count, columns: columns)
        nextRow += Int64(count)
        return batch
    }

    private func guarded(_ column: ColumnCursor, _ body: () throws -> Void) throws {
        do { try body() } catch let issue as FormatIssue {
            let error = ParquetError(
                issue,
                file: file,
                place: "row group \(rowGroup), column '\(column.name)', page at byte \(column.pageOffset)"
            )
            failure = error
            throw error
        } catch let error as FileIOError {
            failure = .io(error)
            throw ParquetError.io(error)
        }
    }
}

/// The decoding state of one column in a row cursor: the current page's definition levels and values.
final class ColumnCursor {
    let name: String
    private let kind: CellKind
    private let maxDefinition: Int
    var pages: PageSource
    /// The offset of the page being read, for messages (the chunk's start before the first).
    private(set) var pageOffset: Int
    /// Rows of the chunk in pages not yet opened.
    private var rowsLeft: Int64
    private var dictionary: [ParquetCell]?
    /// The current page: its definition levels (empty for a REQUIRED column) and its present values.
    private var levels: [UInt8] = []
    private var values: [ParquetCell] = []
    private var levelAt = 0
    private var valueAt = 0
    /// Rows of the current page not yet given.
    private var pageRows = 0
    // Scratch buffers, kept between pages.
    private var indices: [UInt32] = []
    private var integers: [Int64] = []
    private var lengths: [Int64] = []
    private var assembled: [UInt8] = []

    /// A page holding more values than this is refused: its levels and cells would take gigabytes.
    static let maxValuesPerPage = 1 << 24

    init(name: String, kind: CellKind, maxDefinition: Int, pages: PageSource, rows: Int64) {
        self.name = name
        self.kind = kind
        self.maxDefinition = maxDefinition
        self.pages = pages
        self.pageOffset = pages.position
        self.rowsLeft = rows
    }

    /// Steps over `count` rows; whole data pages are skipped without reading their data.
    func skip(_ count: Int64) throws {
        var left = count
        while left > 0 {
            if pageRows > 0 {
                let k = Int(min(Int64(pageRows), left))
                consume(k)
                left -= Int64(k)
                continue
            }
            let page = try nextDataPage()
            let rows = Int64(try rowCount(page))
            if rows <= left {
                rowsLeft -= rows
                left -= rows
            } else {
                try decode(page)
            }
        }
    }

    /// Appends the next `count` rows' cells to `out`.
    func append(_ count: Int, into out: inout [ParquetCell]) throws {
        var left = count
        while left > 0 {
            if pageRows == 0 {
                try decode(try nextDataPage())
                continue
            }
            let k = min(pageRows, left)
            if maxDefinition == 0 {
                out.append(contentsOf: values[valueAt..<(valueAt + k)])
                valueAt += k
            } else {
                for level in levels[levelAt..<(levelAt + k)] {
                    if Int(level) == maxDefinition {
                        out.append(values[valueAt])
                        valueAt += 1
                    } else {
                        out.append(.null)
                    }
                }
                levelAt += k
            }
            pageRows -= k
            left -= k
        }
    }

    private func consume(_ k: Int) {
        if maxDefinition == 0 {
            valueAt += k
        } else {
            for level in levels[levelAt..<(levelAt + k)] where Int(level) == maxDefinition { valueAt += 1 }
            levelAt += k
        }
        pageRows -= k
    }

    /// The header of the next data page, reading the dictionary page and stepping over index pages on the way.
    private func nextDataPage() throws -> PageSource.Page {
        while true {
            let page = try pages.nextHeader()
            pageOffset = page.offset
            switch PageHeader.Kind(rawValue: page.header.type) {
            case .dictionaryPage:
                guard dictionary == nil else { throw FormatIssue("a second dictionary page") }
                try decodeDictionary(page)
            case .dataPage, .dataPageV2:
                return page
            case .indexPage, nil:
                continue
            }
        }
    }

    private func rowCount(_ page: PageSource.Page) throws -> Int {
        guard let raw = page.header.dataPage?.numValues ?? page.header.dataPageV2?.numValues else {
            throw FormatIssue("data page without its header")
        }
        let rows = Int(raw)
        guard rows >= 0, Int64(rows) <= rowsLeft else {
            throw FormatIssue("data page holds \(raw) values, but only \(rowsLeft) rows remain in the chunk")
        }
        guard rows <= Self.maxValuesPerPage else {
            throw FormatIssue.unsupported(
                "data page of \(rows) values, over the \(Self.maxValuesPerPage) this reader takes"
            )
        }
        return rows
    }

    private func decodeDictionary(_ page: PageSource.Page) throws {
        guard let info = page.header.dictionaryPage else { throw FormatIssue("dictionary page without its header") }
        guard info.encoding == Encoding.plain || info.encoding == Encoding.plainDictionary else {
            throw FormatIssue.unsupported("unsupported dictionary page encoding \(Encoding.name(info.encoding))")
        }
        let count = Int(info.numValues)
        guard count >= 0, count <= Self.maxValuesPerPage else {
            throw FormatIssue("dictionary page of \(info.numValues) values")
        }
        try pages.load(page)
        values.removeAll(keepingCapacity: true)
        try pages.withData(page, skipping: 0, size: Int(page.header.uncompressedPageSize), compressed: true) {
            try decodePlain($0, count: count)
        }
        dictionary = values
        values = []
    }

    private func decode(_ page: PageSource.Page) throws {
        let rows = try rowCount(page)
        rowsLeft -= Int64(rows)
        try pages.load(page)
        levels.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        levelAt = 0
        valueAt = 0
        pageRows = 0
        if let info = page.header.dataPage {
            try pages.withData(page, skipping: 0, size: Int(page.header.uncompressedPageSize), compressed: true) {
                data in
                var present = rows
                var valuesStart = 0
                if maxDefinition > 0 {
                    guard info.definitionLevelEncoding == Encoding.rle else {
                        throw FormatIssue.unsupported(
                            "definition levels encoded \(Encoding.name(info.definitionLevelEncoding))"
                        )
                    }
                    guard data.count >= 4 else { throw FormatIssue("definition levels length missing") }
                    let length = Int(UInt32(littleEndian: data.loadUnaligned(as: UInt32.self)))
                    guard length <= data.count - 4 else { throw FormatIssue("definition levels overrun the page") }
                    present = try decodeLevels(UnsafeRawBufferPointer(rebasing: data[4..<(4 + length)]), rows: rows)
                    valuesStart = 4 + length
                }
                try decodeValues(
                    UnsafeRawBufferPointer(rebasing: data[valuesStart...]),
                    count: present,
                    encoding: info.encoding
                )
            }
        } else if let info = page.header.dataPageV2 {
            guard info.repetitionLevelsByteLength == 0 else {
                throw FormatIssue("repetition levels in a non-repeated column")
            }
            let levelsLength = Int(info.definitionLevelsByteLength)
            guard levelsLength >= 0, levelsLength <= Int(page.header.compressedPageSize) else {
                throw FormatIssue("definition levels overrun the page")
            }
            var present = rows
            if maxDefinition > 0 {
                present = try pages.withStored(0..<levelsLength) { try decodeLevels($0, rows: rows) }
            } else if levelsLength != 0 {
                throw FormatIssue("definition levels in a REQUIRED column")
            }
            guard Int(info.numNulls) == rows - present else {
                throw FormatIssue("data page v2 says \(info.numNulls) nulls, its levels say \(rows - present)")
            }
            let valuesSize = Int(page.header.uncompressedPageSize) - levelsLength
            guard valuesSize >= 0 else { throw FormatIssue("uncompressed page size is smaller than its levels") }
            try pages.withData(page, skipping: levelsLength, size: valuesSize, compressed: info.isCompressed) {
                try decodeValues($0, count: present, encoding: info.encoding)
            }
        } else {
            throw FormatIssue("data page without its header")
        }
        pageRows = rows
    }

    /// Decodes `rows` definition levels into `levels`; returns how many are present values.
    private func decodeLevels(_ data: UnsafeRawBufferPointer, rows: Int) throws -> Int {
        try RLEHybrid.decode(data, bitWidth: RLEHybrid.bitWidth(forMaxValue: maxDefinition), count: rows, into: &levels)
        var present = 0
        for level in levels {
            if Int(level) == maxDefinition {
                present += 1
            } else if Int(level) > maxDefinition {
                throw FormatIssue("definition level \(level) above the column's maximum \(maxDefinition)")
            }
        }
        return present
    }

    private func decodeValues(_ data: UnsafeRawBufferPointer, count: Int, encoding: Int32) throws {
        switch encoding {
        case Encoding.plain:
            try decodePlain(data, count: count)
        case Encoding.plainDictionary, Encoding.rleDictionary:
            guard let dictionary else { throw FormatIssue("dictionary-encoded page without a dictionary page") }
            guard count > 0 else { return }
            guard data.count >= 1 else { throw FormatIssue("dictionary index bit width missing") }
            indices.removeAll(keepingCapacity: true)
            try RLEHybrid.decode(
                UnsafeRawBufferPointer(rebasing: data[1...]),
                bitWidth: Int(data[0]),
                count: count,
                into: &indices
            )
            values.reserveCapacity(count)
            for index in indices {
                guard Int(index) < dictionary.count else {
                    throw FormatIssue("dictionary index \(index) beyond the \(dictionary.count) entries")
                }
                values.append(dictionary[Int(index)])
            }
        case Encoding.deltaBinaryPacked where !isByteArray:
            try DeltaEncoding.decodeIntegers(data, count: count, into: &integers)
            values.reserveCapacity(count)
            for value in integers { values.append(integerCell(value)) }
        case Encoding.deltaLengthByteArray where isByteArray:
            values.reserveCapacity(count)
            try DeltaEncoding.decodeLengthByteArrays(data, count: count, lengths: &lengths) {
                values.append(Self.cell($0))
            }
        case Encoding.deltaByteArray where isByteArray:
            values.reserveCapacity(count)
            try DeltaEncoding.decodeByteArrays(
                data,
                count: count,
                prefixes: &integers,
                lengths: &lengths,
                scratch: &assembled
            ) { values.append(Self.cell($0)) }
        default:
            throw FormatIssue.unsupported("unsupported encoding \(Encoding.name(encoding)) for \(name)")
        }
        guard values.count == count else {
            throw FormatIssue("page holds \(values.count) values, its levels say \(count)")
        }
    }

    private var isByteArray: Bool {
        if case .bytes = kind { return true }
        return false
    }

    /// Appends `count` PLAIN values to `values`.
    private func decodePlain(_ data: UnsafeRawBufferPointer, count: Int) throws {
        switch kind {
        case .bytes(let fixedLength?):
            guard fixedLength > 0 ? count <= data.count / fixedLength : count <= Self.maxValuesPerPage else {
                throw FormatIssue("PLAIN data holds \(data.count) bytes, too few for \(count) values")
            }
            values.reserveCapacity(values.count + count)
            for i in 0..<count {
                values.append(
                    Self.cell(UnsafeRawBufferPointer(rebasing: data[(i * fixedLength)..<((i + 1) * fixedLength)]))
                )
            }
        case .bytes(nil):
            values.reserveCapacity(values.count + min(count, data.count / 4))
            try PlainEncoding.forEachByteArray(data, count: count) { _, bytes in values.append(Self.cell(bytes)) }
        case .int32:
            guard count <= data.count / 4 else {
                throw FormatIssue("PLAIN data holds \(data.count) bytes, too few for \(count) INT32 values")
            }
            values.reserveCapacity(values.count + count)
            for i in 0..<count {
                let raw = Int32(littleEndian: data.loadUnaligned(fromByteOffset: i * 4, as: Int32.self))
                values.append(integerCell(Int64(raw)))
            }
        case .int64:
            guard count <= data.count / 8 else {
                throw FormatIssue("PLAIN data holds \(data.count) bytes, too few for \(count) INT64 values")
            }
            values.reserveCapacity(values.count + count)
            for i in 0..<count {
                values.append(.integer(Int64(littleEndian: data.loadUnaligned(fromByteOffset: i * 8, as: Int64.self))))
            }
        }
    }

    /// INT32 values arrive sign-extended (or wrapped, from the delta decoder); UINT_32 is zero-extended.
    private func integerCell(_ value: Int64) -> ParquetCell {
        switch kind {
        case .int32(let unsigned):
            let narrow = Int32(truncatingIfNeeded: value)
            return .integer(unsigned ? Int64(UInt32(bitPattern: narrow)) : Int64(narrow))
        default:
            return .integer(value)
        }
    }

    private static func cell(_ bytes: UnsafeRawBufferPointer) -> ParquetCell {
        guard let string = String(validating: bytes, as: UTF8.self) else { return .invalidUTF8(byteCount: bytes.count) }
        return .string(string)
    }
}
