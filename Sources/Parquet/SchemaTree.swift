/// One leaf (primitive) column of a Parquet schema, at any depth.
public struct ParquetLeafColumn: Sendable, Equatable {
    /// The names from the top-level field down to the leaf: `["metadata", "dump"]`.
    public let path: [String]
    public var dottedPath: String { path.joined(separator: ".") }
    /// The physical type with its annotation, inside `list<...>` / `map<...>` for repeated leaves:
    /// `BYTE_ARRAY (STRING)`, `INT64`, `list<BYTE_ARRAY (STRING)>`, `DOUBLE`.
    public let typeDescription: String
    /// Inside a list or map: not readable by the row cursor.
    public let isRepeated: Bool
    /// The physical type's name: `BYTE_ARRAY`, `INT32`, `DOUBLE`, ...
    public let physicalType: String
    /// The definition level of a present value: the number of OPTIONAL or REPEATED fields on the path.
    public let maxDefinitionLevel: Int
    /// The number of REPEATED fields on the path; above 0 for lists and maps.
    public let maxRepetitionLevel: Int
    /// Whether `ParquetReader.rows(...)` can give this column: not repeated, and of a string or integer type.
    public let isReadable: Bool

    /// For callers' tests and adapters; the reader makes its own from the schema.
    public init(
        path: [String],
        typeDescription: String,
        isRepeated: Bool,
        physicalType: String,
        maxDefinitionLevel: Int,
        maxRepetitionLevel: Int,
        isReadable: Bool
    ) {
        self.path = path
        self.typeDescription = typeDescription
        self.isRepeated = isRepeated
        self.physicalType = physicalType
        self.maxDefinitionLevel = maxDefinitionLevel
        self.maxRepetitionLevel = maxRepetitionLevel
        self.isReadable = isReadable
    }
}

/// What the row cursor makes of a leaf's physical values.
enum CellKind: Equatable {
    /// BYTE_ARRAY, or FIXED_LEN_BYTE_ARRAY of this many bytes.
    case bytes(fixedLength: Int?)
    case int32(unsigned: Bool)
    case int64
}

/// A leaf with what reading it needs: its schema element and how to give its values, or why it cannot.
struct SchemaLeaf {
    var column: ParquetLeafColumn
    var element: SchemaElement
    var physical: Int32
    /// Why the row cursor refuses it, when it does (a repeated column, a floating-point type, ...).
    var refusal: String?
    var kind: CellKind?
}

extension SchemaLeaf {
    /// The leaves of `schema` (the flattened depth-first tree whose first element is the root), in column-chunk
    /// order.
    static func leaves(of schema: [SchemaElement]) throws -> [SchemaLeaf] {
        guard let root = schema.first else { throw FormatIssue("the schema is empty") }
        guard root.type == nil else { throw FormatIssue("the schema root is not a group") }
        var leaves: [SchemaLeaf] = []
        var next = 1
        var ancestors: [SchemaElement] = []
        try walk(schema, children: Int(root.numChildren ?? 0), next: &next, ancestors: &ancestors, into: &leaves)
        guard next == schema.count else {
            throw FormatIssue("the schema tree holds \(next) of its \(schema.count) elements")
        }
        return leaves
    }

    /// Untrusted input decides the depth; deeper trees are refused rather than recursed into.
    private static let maxDepth = 64

    private static func walk(
        _ schema: [SchemaElement],
        children: Int,
        next: inout Int,
        ancestors: inout [SchemaElement],
        into leaves: inout [SchemaLeaf]
    ) throws {
        guard children >= 0, children <= schema.count - next else {
            throw FormatIssue("a schema group declares \(children) children, more than the elements left")
        }
        guard ancestors.count < maxDepth else { throw FormatIssue("the schema nests deeper than \(maxDepth)") }
        for _ in 0..<children {
            // The check above counts this group's children alone; a nested group may have taken the rest.
            guard next < schema.count else {
                throw FormatIssue("a schema group's children run past the schema's \(schema.count) elements")
            }
            let element = schema[next]
            next += 1
            if element.type == nil {
                ancestors.append(element)
                try walk(
                    schema,
                    children: Int(element.numChildren ?? 0),
                    next: &next,
                    ancestors: &ancestors,
                    into: &leaves
                )
                ancestors.removeLast()
            } else {
                leaves.append(leaf(element, ancestors: ancestors))
            }
        }
    }

    private static func leaf(_ element: SchemaElement, ancestors: [SchemaElement]) -> SchemaLeaf {
        let path = ancestors.map(\.name) + [element.name]
        let chain = ancestors + [element]
        let definition = chain.filter { $0.repetition == Repetition.optional || $0.repetition == Repetition.repeated }
        let repetition = chain.filter { $0.repetition == Repetition.repeated }.count
        let physical = element.type!
        var description = typeName(element)
        for group in ancestors.reversed() {
            if group.logicalType == .other(LogicalType.listID) || group.convertedType == ConvertedType.list {
                description = "list<\(description)>"
            } else if group.logicalType == .other(LogicalType.mapID) || group.convertedType == ConvertedType.map
                || group.convertedType == ConvertedType.mapKeyValue
            {
                description = "map<\(description)>"
            }
        }
        if repetition > 0, !description.hasPrefix("list<"), !description.hasPrefix("map<") {
            description = "repeated \(description)"
        }
        var kind: CellKind?
        var refusal: String?
        let dotted = path.joined(separator: ".")
        if repetition > 0 {
            refusal = "column '\(dotted)' is repeated (\(description)); the row cursor reads only non-repeated columns"
        } else {
            switch physical {
            case PhysicalType.byteArray:
                kind = .bytes(fixedLength: nil)
            case PhysicalType.fixedLenByteArray:
                if let length = element.typeLength, length >= 0 {
                    kind = .bytes(fixedLength: Int(length))
                } else {
                    refusal = "column '\(dotted)' is FIXED_LEN_BYTE_ARRAY without a valid length"
                }
            case PhysicalType.int32:
                kind = .int32(unsigned: element.isUnsigned)
            case PhysicalType.int64 where !element.isUnsigned:
                kind = .int64
            default:
                refusal =
                    "column '\(dotted)' has type \(description), which the row cursor cannot give as a string or integer"
            }
        }
        return SchemaLeaf(
            column: ParquetLeafColumn(
                path: path,
                typeDescription: description,
                isRepeated: repetition > 0,
                physicalType: PhysicalType.name(physical),
                maxDefinitionLevel: definition.count,
                maxRepetitionLevel: repetition,
                isReadable: kind != nil
            ),
            element: element,
            physical: physical,
            refusal: refusal,
            kind: kind
        )
    }

    /// `BYTE_ARRAY (STRING)`, `INT32 (INTEGER(8,signed))`, `FIXED_LEN_BYTE_ARRAY(16) (UUID)`, `DOUBLE`.
    private static func typeName(_ element: SchemaElement) -> String {
        var name = PhysicalType.name(element.type!)
        if element.type == PhysicalType.fixedLenByteArray, let length = element.typeLength { name += "(\(length))" }
        if let logical = element.logicalType {
            name += " (\(logical.name))"
        } else if let converted = element.convertedType {
            name += " (\(ConvertedType.name(converted)))"
        }
        return name
    }
}

extension SchemaElement {
    /// An unsigned integer annotation, logical or converted.
    var isUnsigned: Bool {
        if case .integer(_, false) = logicalType { return true }
        return convertedType.map(ConvertedType.unsigned.contains) ?? false
    }
}
