import Foundation
import Parquet

// Public API. Any bytes as a .parquet file: open, then read every column through the whole-column API and
// every readable leaf through the row cursor; a ParquetError is fine, a crash (or a huge allocation) is not.
let path = "/dev/shm/dataman-fuzz-\(getpid()).parquet"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParquetReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = fopen(path, "wb")!
    fwrite(data, 1, size, file)
    fclose(file)
    guard let reader = try? ParquetReader(url: URL(fileURLWithPath: path)) else { return 0 }
    for column in reader.columns { _ = try? reader.read(column: column.name) }
    let readable = reader.leafColumns.filter(\.isReadable).map(\.dottedPath)
    for group in 0..<reader.rowGroupCount {
        // All columns together, then each alone from a later row, so skipping is driven too.
        if let cursor = try? reader.rows(rowGroup: group, columns: readable) {
            while (try? cursor.next(maxRows: 64)) != nil {}
        }
        for column in readable {
            guard let cursor = try? reader.rows(rowGroup: group, columns: [column], firstRow: 3) else { continue }
            while (try? cursor.next(maxRows: 1000)) != nil {}
        }
    }
    return 0
}
