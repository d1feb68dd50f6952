import Criteria
import Parquet

/// One row of an annotation file: where the document is, how long it is, and what the rater said.
public struct AnnotationRow: Sendable, Equatable {
    public var docID: String
    public var idHash: Int64
    public var line: Int64
    public var offset: Int64
    public var length: Int32
    public var source: String
    public var tokens: Int32
    /// The 14 ratings in criteria order, or nil when the document has none.
    public var scores: [Int8]?
    /// The domain's English name.
    public var domain: String?
    public var error: String?

    public init(
        docID: String,
        idHash: Int64,
        line: Int64,
        offset: Int64,
        length: Int32,
        source: String,
        tokens: Int32,
        scores: [Int8]? = nil,
        domain: String? = nil,
        error: String? = nil
    ) {
        self.docID = docID
        self.idHash = idHash
        self.line = line
        self.offset = offset
        self.length = length
        self.source = source
        self.tokens = tokens
        self.scores = scores
        self.domain = domain
        self.error = error
    }
}

/// The column layout of every annotation file (design.md, "The annotation file").
public struct AnnotationSchema: Sendable {
    public static let version = "1"

    public let ratingColumns: [String]
    public let columns: [ParquetColumn]

    public init(criteria: CriteriaSet) {
        ratingColumns = criteria.columns
        columns =
            [
                ParquetColumn(name: "doc_id", type: .string, nullable: false, dictionary: false),
                ParquetColumn(name: "id_hash", type: .int64, nullable: false, dictionary: false),
                ParquetColumn(name: "line", type: .int64, nullable: false, dictionary: false),
                ParquetColumn(name: "offset", type: .int64, nullable: false, dictionary: false),
                ParquetColumn(name: "length", type: .int32, nullable: false, dictionary: false),
                ParquetColumn(name: "source", type: .string, nullable: false, dictionary: true),
                ParquetColumn(name: "tokens", type: .int32, nullable: false, dictionary: false),
            ] + ratingColumns.map { ParquetColumn(name: $0, type: .int8, nullable: true, dictionary: true) } + [
                ParquetColumn(name: "domain", type: .string, nullable: true, dictionary: true),
                ParquetColumn(name: "error", type: .string, nullable: true, dictionary: false),
            ]
    }

    /// Column-major values of `rows`, in schema order, ready for one Parquet row group.
    public func columnValues(_ rows: [AnnotationRow]) -> [ColumnValues] {
        var values: [ColumnValues] = [
            .string(rows.map(\.docID)),
            .int64(rows.map(\.idHash)),
            .int64(rows.map(\.line)),
            .int64(rows.map(\.offset)),
            .int32(rows.map(\.length)),
            .string(rows.map(\.source)),
            .int32(rows.map(\.tokens)),
        ]
        for criterion in ratingColumns.indices {
            values.append(.int8(rows.map { $0.scores?[criterion] }))
        }
        values.append(.string(rows.map(\.domain)))
        values.append(.string(rows.map(\.error)))
        return values
    }
}
