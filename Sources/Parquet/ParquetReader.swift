import Codecs
import FileIO
import Foundation

/// Reads flat-schema Parquet files: INT32 (plain or INT_8), INT64 and UTF-8 BYTE_ARRAY columns,
/// PLAIN and dictionary encodings, v1 and v2 data pages, UNCOMPRESSED or ZSTD.
/// The footer and schema are checked when the reader opens; pages when a column is read.
public final class ParquetReader {
    public let url: URL
    public let columns: [ParquetColumn]
    public let metadata: [(key: String, value: String)]
    public let rowCount: Int64
    public var rowGroupCount: Int { footer.rowGroups.count }
    public var createdBy: String? { footer.createdBy }

    private let file: PositionalFile
    private let footer: FileMetaData
    /// Byte offset where the footer begins; column chunks must end before it.
    private let footerStart: Int
    private let decompressor = Zstd.Decompressor()

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
            columns = try Self.flatColumns(footer)
            try Self.check(footer, columns: columns, footerStart: footerStart)
        } catch let error as FormatIssue {
            throw ParquetError(error, file: path, place: nil)
        }
        metadata = footer.keyValueMetadata
        rowCount = footer.numRows
    }

    /// The values of one column in one row group.
    public func read(column name: String, rowGroup: Int) throws -> ColumnValues {
        let index = try columnIndex(name)
        guard rowGroup >= 0, rowGroup < footer.rowGroups.count else {
            throw ParquetError.noSuchRowGroup(file: url.path, rowGroup: rowGroup, count: footer.rowGroups.count)
        }
        let group = footer.rowGroups[rowGroup]
        // check() guarantees the metadata is present and its byte range lies inside the file.
        let meta = group.columns[index].metaData!
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
            let stats = footer.rowGroups[rowGroup].columns[index].metaData?.statistics
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
        guard let index = columns.firstIndex(where: { $0.name == name }) else {
            throw ParquetError.noSuchColumn(file: url.path, column: name)
        }
        return index
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
