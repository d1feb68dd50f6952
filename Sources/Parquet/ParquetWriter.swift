import FileIO
import Foundation

/// Writes a flat-schema Parquet file row group by row group. The file is built under
/// `NAME.tmp` and appears under its final name only on `commit()` (fsync, rename, folder
/// fsync), so readers never see a file without its footer.
public final class ParquetWriter {
    public let destination: URL
    public let columns: [ParquetColumn]
    public private(set) var rowsWritten: Int64 = 0

    /// Key-value metadata for the footer; it may change until `commit()`, for values known only
    /// once every row is written (row counts, checksums of the input).
    public var metadata: [(key: String, value: String)]
    private let createdBy: String
    private let encoder: ColumnChunkEncoder
    private let file: AtomicFileWriter
    private var rowGroups: [RowGroup] = []
    private var offset: Int64 = 0
    private var state = State.open

    private enum State { case open, failed, finished }

    private static let magic: [UInt8] = Array("PAR1".utf8)

    public convenience init(
        destination: URL,
        columns: [ParquetColumn],
        metadata: [(key: String, value: String)],
        compression: ParquetCompression = .zstd(level: 3),
        createdBy: String
    ) throws {
        try self.init(
            destination: destination,
            columns: columns,
            metadata: metadata,
            compression: compression,
            createdBy: createdBy,
            pageLimits: PageLimits()
        )
    }

    init(
        destination: URL,
        columns: [ParquetColumn],
        metadata: [(key: String, value: String)],
        compression: ParquetCompression,
        createdBy: String,
        pageLimits: PageLimits
    ) throws {
        let path = destination.path
        guard !columns.isEmpty else {
            throw ParquetError.invalidWrite(file: path, detail: "a Parquet schema needs at least one column")
        }
        var seen = Set<String>()
        for column in columns {
            guard !column.name.isEmpty else {
                throw ParquetError.invalidWrite(file: path, detail: "a column name is empty")
            }
            guard seen.insert(column.name).inserted else {
                throw ParquetError.invalidWrite(file: path, detail: "column name '\(column.name)' appears twice")
            }
        }
        self.destination = destination
        self.columns = columns
        self.metadata = metadata
        self.createdBy = createdBy
        self.encoder = ColumnChunkEncoder(compression: compression, limits: pageLimits)
        do {
            file = try AtomicFileWriter(destination: destination)
            try file.write(Self.magic)
        } catch let error as FileIOError {
            throw ParquetError.io(error)
        }
        offset = Int64(Self.magic.count)
    }

    /// Appends one row group: one value array per column, in schema order, all of one length.
    /// Invalid input is rejected before anything is written; an empty row group is skipped.
    public func write(rowGroup: [ColumnValues]) throws {
        try requireOpen()
        try validate(rowGroup)
        let rows = rowGroup[0].count
        if rows == 0 { return }
        let groupStart = offset
        var chunks: [ColumnChunk] = []
        var uncompressed: Int64 = 0
        do {
            for (column, values) in zip(columns, rowGroup) {
                let input = ChunkInput(values, nullable: column.nullable)
                let encoded: EncodedChunk
                do {
                    encoded = try encoder.encode(input, column: column, at: offset)
                } catch let issue as EncodingIssue {
                    throw ParquetError.invalidWrite(
                        file: destination.path,
                        detail: "row group \(rowGroups.count), column '\(column.name)': \(issue.message)"
                    )
                }
                chunks.append(ColumnChunk(filePath: nil, fileOffset: offset, metaData: encoded.metaData))
                uncompressed += encoded.metaData.totalUncompressedSize
                try file.write(encoded.bytes)
                offset += Int64(encoded.bytes.count)
            }
        } catch {
            state = .failed
            throw wrapped(error)
        }
        rowGroups.append(
            RowGroup(
                columns: chunks,
                totalByteSize: uncompressed,
                numRows: Int64(rows),
                fileOffset: groupStart,
                totalCompressedSize: offset - groupStart
            )
        )
        rowsWritten += Int64(rows)
    }

    /// Writes the footer and makes the file visible under its final name.
    public func commit() throws {
        try requireOpen()
        let footer = FileMetaData(
            version: 1,
            schema: schemaElements(),
            numRows: rowsWritten,
            rowGroups: rowGroups,
            keyValueMetadata: metadata,
            createdBy: createdBy,
            columnOrderCount: columns.count
        )
        var tail = footer.encoded()
        PlainEncoding.appendLength(tail.count, into: &tail)
        tail.append(contentsOf: Self.magic)
        do {
            try file.write(tail)
            try file.commit()
            state = .finished
        } catch {
            state = .failed
            file.abandon()
            throw wrapped(error)
        }
    }

    /// Removes the temporary file; nothing appears under the destination name.
    public func abandon() {
        file.abandon()
        state = .finished
    }

    // MARK: private

    private func requireOpen() throws {
        switch state {
        case .open: return
        case .failed:
            throw ParquetError.writerClosed(file: destination.path, failedEarlier: true)
        case .finished:
            throw ParquetError.writerClosed(file: destination.path, failedEarlier: false)
        }
    }

    private func validate(_ rowGroup: [ColumnValues]) throws {
        let group = "row group \(rowGroups.count)"
        guard rowGroup.count == columns.count else {
            throw ParquetError.invalidWrite(
                file: destination.path,
                detail: "\(group) has \(rowGroup.count) columns, the schema has \(columns.count)"
            )
        }
        let rows = rowGroup[0].count
        for (column, values) in zip(columns, rowGroup) {
            guard values.type == column.type else {
                throw ParquetError.invalidWrite(
                    file: destination.path,
                    detail: "\(group), column '\(column.name)': got \(values.type) values for a \(column.type) column"
                )
            }
            guard values.count == rows else {
                throw ParquetError.invalidWrite(
                    file: destination.path,
                    detail:
                        "\(group), column '\(column.name)': \(values.count) values, expected \(rows) like column '\(columns[0].name)'"
                )
            }
            if !column.nullable, let row = firstNull(values) {
                throw ParquetError.invalidWrite(
                    file: destination.path,
                    detail: "\(group), column '\(column.name)' is not nullable but row \(row) is null"
                )
            }
        }
    }

    private func firstNull(_ values: ColumnValues) -> Int? {
        switch values {
        case .int8(let v): v.firstIndex(where: { $0 == nil })
        case .int32(let v): v.firstIndex(where: { $0 == nil })
        case .int64(let v): v.firstIndex(where: { $0 == nil })
        case .string(let v): v.firstIndex(where: { $0 == nil })
        }
    }

    private func schemaElements() -> [SchemaElement] {
        var elements = [SchemaElement(name: "schema", numChildren: Int32(columns.count))]
        for column in columns {
            var element = SchemaElement(
                type: physicalType(column.type),
                repetition: column.nullable ? Repetition.optional : Repetition.required,
                name: column.name
            )
            switch column.type {
            case .int8:
                element.convertedType = ConvertedType.int8
                element.logicalType = .integer(bitWidth: 8, signed: true)
            case .int32, .int64:
                break
            case .string:
                element.convertedType = ConvertedType.utf8
                element.logicalType = .string
            }
            elements.append(element)
        }
        return elements
    }

    private func wrapped(_ error: Error) -> Error {
        switch error {
        case let error as ParquetError: error
        case let error as FileIOError: ParquetError.io(error)
        default: ParquetError.invalidWrite(file: destination.path, detail: "\(error)")
        }
    }
}
