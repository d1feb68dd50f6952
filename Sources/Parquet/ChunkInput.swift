/// The non-null values of a column chunk in their physical Parquet form.
enum PhysicalValues {
    case int32([Int32])
    case int64([Int64])
    case byteArrays(ByteArrays)

    var count: Int {
        switch self {
        case .int32(let v): v.count
        case .int64(let v): v.count
        case .byteArrays(let v): v.count
        }
    }
}

/// One column's values for a row group, split the way a page stores them: definition levels
/// (1 = present) for a nullable column, and the dense non-null values.
struct ChunkInput {
    let rowCount: Int
    let nullCount: Int
    /// nil for a REQUIRED column, which carries no levels at all.
    let definitionLevels: [UInt8]?
    let values: PhysicalValues

    /// The caller has checked that a non-nullable column holds no nil.
    init(_ column: ColumnValues, nullable: Bool) {
        rowCount = column.count
        switch column {
        case .int8(let v):
            let (levels, dense) = Self.split(v, nullable: nullable) { Int32($0) }
            definitionLevels = levels
            values = .int32(dense)
        case .int32(let v):
            let (levels, dense) = Self.split(v, nullable: nullable) { $0 }
            definitionLevels = levels
            values = .int32(dense)
        case .int64(let v):
            let (levels, dense) = Self.split(v, nullable: nullable) { $0 }
            definitionLevels = levels
            values = .int64(dense)
        case .string(let v):
            var arrays = ByteArrays()
            arrays.reserve(values: v.count, bytes: v.count * 16)
            var levels: [UInt8] = []
            if nullable { levels.reserveCapacity(v.count) }
            for value in v {
                if let value { arrays.append(value) }
                if nullable { levels.append(value == nil ? 0 : 1) }
            }
            definitionLevels = nullable ? levels : nil
            values = .byteArrays(arrays)
        }
        nullCount = rowCount - values.count
    }

    private static func split<T, P>(
        _ values: [T?],
        nullable: Bool,
        _ convert: (T) -> P
    ) -> (levels: [UInt8]?, dense: [P]) {
        var dense: [P] = []
        dense.reserveCapacity(values.count)
        guard nullable else {
            for value in values { if let value { dense.append(convert(value)) } }
            return (nil, dense)
        }
        var levels = [UInt8](repeating: 0, count: values.count)
        for (row, value) in values.enumerated() {
            if let value {
                dense.append(convert(value))
                levels[row] = 1
            }
        }
        return (levels, dense)
    }
}
