import Foundation
import Parquet
import Testing

/// doc_id, epoch and key of every row of selection files, sorted: which rows were selected, however they are
/// stored.
func selectedRows(_ paths: [String]) throws -> [String] {
    var rows: [String] = []
    for path in paths {
        let reader = try ParquetReader(url: URL(fileURLWithPath: path))
        guard case .string(let ids) = try reader.read(column: "doc_id"),
            case .int32(let epochs) = try reader.read(column: "epoch"),
            case .int64(let keys) = try reader.read(column: "key")
        else {
            Issue.record("\(path): unexpected columns")
            return []
        }
        rows += zip(ids, zip(epochs, keys)).map { "\($0.0!)/\($0.1.0!)/\($0.1.1!)" }
    }
    return rows.sorted()
}
