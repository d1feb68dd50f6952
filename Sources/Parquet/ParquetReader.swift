import Codecs
import FileIO
import Foundation

/// Reads Parquet files. `read(column:)` gives whole top-level columns of the types `ParquetType` names (PLAIN and
/// dictionary encodings); `rows(rowGroup:columns:firstRow:)` streams string and integer leaves at any depth
/// outside lists and maps, with every encoding but BYTE_STREAM_SPLIT. Both read v1 and v2 data pages,
/// UNCOMPRESSED, SNAPPY, GZIP, BROTLI, ZSTD, LZ4_RAW and the deprecated LZ4.
/// The footer and schema are checked when the reader opens; pages when a column is read.
public final class ParquetReader {
    public let url: URL
    public let columns: [ParquetColumn]
    public let metadata: [(key: String, value: String)]
    public let rowCount: Int64
    public var rowGroupCount: Int { footer.rowGroups.count }
    public var fileSize: Int { file.size }
    /// The footer's bytes (its Thrift metadata, without the length and magic after it), read again: what a reader
    /// that does not read every column can checksum to recognise the file.
    public func footerBytes() throws -> [UInt8] { try bytes(offset: footerStart, count: file.size - 8 - footerStart) }
    public var createdBy: String? { footer.createdBy }

    private let file: PositionalFile
    private let footer: FileMetaData
    /// Every leaf of the schema, in column-chunk order.
    private let leaves: [SchemaLeaf]
    /// The leaf (and column chunk) index of each of `columns`.
    private let legacyLeaf: [Int]
    /// Byte offset where the footer begins; column chunks must end before it.
    private let footerStart: Int
    private let decompressor = BlockDecompressor()

    private static let magic: [UInt8] = Array("PAR1".utf8)
    private static let encryptedMagic: [UInt8] = Array("PARE".utf8)

    public init(url: URL) throws {
        self.url = url
        let path = url.path
        do { file = try PositionalFile(path: path) } catch let error as FileIOError { throw ParquetError.io(error) }
        func notParquet(_ reason: String) -> ParquetError { .notParquet(file: path, reason: reason) }

        guard file.size >= 12 else {
            throw notParquet("not a Parquet file: \(file.size) bytes is too short to hold the magic and a footer")
        }
        guard try Self.bytes(of: file, offset: 0, count: 4) == Self.magic else {
            throw notParquet("not a Parquet file: no PAR1 magic at byte 0")
        }
        let tail = try Self.bytes(of: file, offset: file.size - 8, count: 8)
        if Array(tail[4...]) == Self.encryptedMagic {
            throw notParquet("encrypted Parquet files (PARE footer) are not supported")
        }
        guard Array(tail[4...]) == Self.magic else {
            throw notParquet("truncated or unfinished Parquet file: no PAR1 magic at the end (byte \(file.size - 4))")
        }
        let footerLength = Int(UInt32(tail[0]) | UInt32(tail[1]) << 8 | UInt32(tail[2]) << 16 | UInt32(tail[3]) << 24)
        guard footerLength <= file.size - 12 else {
            throw notParquet("footer length \(footerLength) exceeds the \(file.size)-byte file (truncated footer)")
        }
        footerStart = file.size - 8 - footerLength
        do {
            footer = try FileMetaData.decode(try Self.bytes(of: file, offset: footerStart, count: footerLength))
        } catch let error as FormatIssue {
            throw ParquetError(error, file: path, place: "corrupt footer at byte \(footerStart)")
        }
        do {
            leaves = try SchemaLeaf.leaves(of: footer.schema)
            try Self.check(footer, leaves: leaves, footerStart: footerStart)
        } catch let error as FormatIssue {
            throw ParquetError(error, file: path, place: nil)
        }
        let legacy = Self.legacyColumns(leaves, footer)
        columns = legacy.map(\.column)
        legacyLeaf = legacy.map(\.leaf)
        metadata = footer.keyValueMetadata
        rowCount = footer.numRows
    }

    /// The values of one column in one row group.
    public func read(column name: String, rowGroup: Int) throws -> ColumnValues {
        let index = try columnIndex(name)
        try checkRowGroup(rowGroup)
        let group = footer.rowGroups[rowGroup]
        // check() guarantees the metadata is present and its byte range lies inside the file.
        let meta = group.columns[legacyLeaf[index]].metaData!
        let column = columns[index]
        let start = Self.chunkStart(meta)
        do {
            let decoder = ColumnChunkDecoder(
                bytes: try bytes(offset: start, count: Int(meta.totalCompressedSize)),
                fileOffset: start,
                codec: meta.codec,
                optional: column.nullable,
                valueCount: Int(group.numRows),
                decompressor: decompressor
            )
            switch column.type {
            case .int8:
                let chunk = try decoder.decode(as: Int32.self)
                var narrow: [Int8] = []
                narrow.reserveCapacity(chunk.values.count)
                for value in chunk.values {
                    guard let v = Int8(exactly: value) else {
                        throw FormatIssue("value \(value) is out of range for INT_8")
                    }
                    narrow.append(v)
                }
                return .int8(try Self.assemble(narrow, chunk.definitionLevels))
            case .int32:
                let chunk = try decoder.decode(as: Int32.self)
                return .int32(try Self.assemble(chunk.values, chunk.definitionLevels))
            case .int64:
                let chunk = try decoder.decode(as: Int64.self)
                return .int64(try Self.assemble(chunk.values, chunk.definitionLevels))
            case .string:
                let chunk = try decoder.decode(as: String.self)
                return .string(try Self.assemble(chunk.values, chunk.definitionLevels))
            }
        } catch let error as FormatIssue {
            throw ParquetError(error, file: url.path, place: "column '\(name)', row group \(rowGroup)")
        }
    }

    /// The values of one column across all row groups, in file order.
    public func read(column name: String) throws -> ColumnValues {
        switch columns[try columnIndex(name)].type {
        case .int8: .int8(try concatenated(name) { if case .int8(let v) = $0 { v } else { nil } })
        case .int32: .int32(try concatenated(name) { if case .int32(let v) = $0 { v } else { nil } })
        case .int64: .int64(try concatenated(name) { if case .int64(let v) = $0 { v } else { nil } })
        case .string: .string(try concatenated(name) { if case .string(let v) = $0 { v } else { nil } })
        }
    }

    /// The chunk statistics the writer stored; nil if there are none or the column or row
    /// group does not exist. Min/max that do not decode as the column's type are left nil.
    public func statistics(column name: String, rowGroup: Int) -> ColumnStatistics? {
        guard let index = columns.firstIndex(where: { $0.name == name }),
            rowGroup >= 0, rowGroup < footer.rowGroups.count,
            let stats = footer.rowGroups[rowGroup].columns[legacyLeaf[index]].metaData?.statistics
        else { return nil }
        let type = columns[index].type
        // Legacy min/max used signed byte order, which is wrong for strings; only integers may fall back to them.
        let integer = type != .string
        return ColumnStatistics(
            nullCount: stats.nullCount,
            min: Self.statisticValue(stats.minValue ?? (integer ? stats.legacyMin : nil), type),
            max: Self.statisticValue(stats.maxValue ?? (integer ? stats.legacyMax : nil), type)
        )
    }

    // MARK: private

    private func concatenated<T>(_ name: String, _ values: (ColumnValues) -> [T?]?) throws -> [T?] {
        var all: [T?] = []
        for group in 0..<footer.rowGroups.count {
            guard let part = values(try read(column: name, rowGroup: group)) else {
                throw ParquetError.malformed(
                    file: url.path,
                    place: "column '\(name)'",
                    detail: "changed type in row group \(group)"
                )
            }
            if all.isEmpty { all.reserveCapacity(part.count * footer.rowGroups.count) }
            all += part
        }
        return all
    }

    /// Positional reads of the file; a failed read is a Parquet error like any other.
    private func bytes(offset: Int, count: Int) throws -> [UInt8] {
        try Self.bytes(of: file, offset: offset, count: count)
    }

    private static func bytes(of file: PositionalFile, offset: Int, count: Int) throws -> [UInt8] {
        do { return try file.read(offset: offset, count: count) } catch let error as FileIOError {
            throw ParquetError.io(error)
        }
    }

    private func columnIndex(_ name: String) throws -> Int {
        if let index = columns.firstIndex(where: { $0.name == name }) { return index }
        // A leaf this API does not read is named as such, with the reason, rather than as missing.
        if let leaf = leaves.first(where: { $0.column.dottedPath == name }) {
            let detail: String
            if leaf.column.path.count > 1 || leaf.column.isRepeated {
                detail = "column '\(name)' is nested, which read(column:) does not read; use rows(rowGroup:columns:)"
            } else {
                do {
                    _ = try Self.valueType(leaf.element, leaf.physical)
                    detail = "column '\(name)' cannot be read"
                } catch let issue as FormatIssue {
                    detail = issue.message
                }
            }
            throw ParquetError.unsupported(file: url.path, place: nil, detail: detail)
        }
        throw ParquetError.noSuchColumn(file: url.path, column: name, available: columns.map(\.name))
    }

    private func checkRowGroup(_ rowGroup: Int) throws {
        guard rowGroup >= 0, rowGroup < footer.rowGroups.count else {
            throw ParquetError.noSuchRowGroup(file: url.path, rowGroup: rowGroup, count: footer.rowGroups.count)
        }
    }

    /// A dictionary page, when present, starts the chunk; some writers store 0 for "none".
    static func chunkStart(_ meta: ColumnMetaData) -> Int {
        if let dictionary = meta.dictionaryPageOffset, dictionary > 0, dictionary < meta.dataPageOffset {
            return Int(dictionary)
        }
        return Int(meta.dataPageOffset)
    }

    private static func assemble<T>(_ values: [T], _ levels: [UInt8]?) throws -> [T?] {
        guard let levels else { return values.map { $0 } }
        var result: [T?] = []
        result.reserveCapacity(levels.count)
        var next = 0
        for level in levels {
            if level == 0 {
                result.append(nil)
            } else {
                guard next < values.count else { throw FormatIssue("fewer values than definition levels") }
                result.append(values[next])
                next += 1
            }
        }
        guard next == values.count else { throw FormatIssue("more values than definition levels") }
        return result
    }

    private static func statisticValue(_ bytes: [UInt8]?, _ type: ParquetType) -> ParquetValue? {
        guard let bytes else { return nil }
        func integer<T: FixedWidthInteger>(_: T.Type) -> T? {
            guard bytes.count == MemoryLayout<T>.size else { return nil }
            return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(as: T.self)) }
        }
        switch type {
        case .int8: return integer(Int32.self).flatMap { Int8(exactly: $0) }.map { .int8($0) }
        case .int32: return integer(Int32.self).map { .int32($0) }
        case .int64: return integer(Int64.self).map { .int64($0) }
        case .string: return String(validating: bytes, as: UTF8.self).map { .string($0) }
        }
    }
}

// MARK: streaming rows

extension ParquetReader {
    /// Every leaf column of the schema, nested ones by their dotted path, in file order; repeated ones too,
    /// though the row cursor does not read them.
    public var leafColumns: [ParquetLeafColumn] { leaves.map(\.column) }

    /// The rows of one row group; 0 for a row group that does not exist.
    public func rowCount(rowGroup: Int) -> Int64 {
        guard rowGroup >= 0, rowGroup < footer.rowGroups.count else { return 0 }
        return footer.rowGroups[rowGroup].numRows
    }

    /// The sum of the row group's compressed column chunks, for progress; 0 for a row group that does not exist.
    public func compressedSize(rowGroup: Int) -> Int64 {
        guard rowGroup >= 0, rowGroup < footer.rowGroups.count else { return 0 }
        return footer.rowGroups[rowGroup].columns.reduce(0) { $0 &+ ($1.metaData?.totalCompressedSize ?? 0) }
    }

    /// Reads `columns` (dotted leaf paths) of one row group, page by page, starting at row `firstRow` of the group
    /// (rows before it are skipped without materializing their values where the page headers allow: whole pages
    /// before it are not even read).
    ///
    /// Memory: about one compressed plus one decompressed page per requested column, with that page's decoded
    /// values, plus each column's dictionary page; see `ParquetRowCursor`.
    /// Throws .noSuchColumn (its message lists the readable columns there are) for an unknown path,
    /// .unsupported for a repeated column or a type it cannot give as string/integer (naming the type), and
    /// .noSuchRowGroup.
    public func rows(rowGroup: Int, columns names: [String], firstRow: Int64 = 0) throws -> ParquetRowCursor {
        try checkRowGroup(rowGroup)
        let group = footer.rowGroups[rowGroup]
        var cursors: [ColumnCursor] = []
        for name in names {
            guard let index = leaves.firstIndex(where: { $0.column.dottedPath == name }) else {
                throw ParquetError.noSuchColumn(
                    file: url.path,
                    column: name,
                    available: leaves.filter(\.column.isReadable).map(\.column.dottedPath)
                )
            }
            let leaf = leaves[index]
            guard let kind = leaf.kind else {
                throw ParquetError.unsupported(file: url.path, place: nil, detail: leaf.refusal ?? "column '\(name)'")
            }
            // check() guarantees the metadata is present and its byte range lies inside the file.
            let meta = group.columns[index].metaData!
            let start = Self.chunkStart(meta)
            do {
                let pages = try PageSource(
                    file: file,
                    start: start,
                    end: start + Int(meta.totalCompressedSize),
                    meta: meta,
                    decompressor: decompressor
                )
                cursors.append(
                    ColumnCursor(
                        name: name,
                        kind: kind,
                        maxDefinition: leaf.column.maxDefinitionLevel,
                        pages: pages,
                        rows: group.numRows
                    )
                )
            } catch let issue as FormatIssue {
                throw ParquetError(issue, file: url.path, place: "row group \(rowGroup), column '\(name)'")
            }
        }
        return try ParquetRowCursor(
            file: url.path,
            rowGroup: rowGroup,
            columns: cursors,
            rowCount: group.numRows,
            firstRow: firstRow
        )
    }
}
