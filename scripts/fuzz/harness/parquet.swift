import Foundation
import Parquet

// Public API. Any bytes as a .parquet file: open, then read every column; a ParquetError is fine, a crash is not.
let path = "/dev/shm/dataman-fuzz-\(getpid()).parquet"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParquetReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = fopen(path, "wb")!
    fwrite(data, 1, size, file)
    fclose(file)
    guard let reader = try? ParquetReader(url: URL(fileURLWithPath: path)) else { return 0 }
    for column in reader.columns { _ = try? reader.read(column: column.name) }
    return 0
}
