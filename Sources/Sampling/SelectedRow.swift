/// One row of the selection: a document (located in its shard) taken once, in one epoch.
public struct SelectedRow: Sendable, Equatable {
    public var docID: String
    public var idHash: Int64
    /// The annotated shard's path relative to its input root.
    public var shard: String
    public var line: Int64
    public var offset: Int64
    public var length: Int32
    public var tokens: Int32
    public var source: String
    public var domain: String?
    public var stratum: String
    /// 0 for the first time a document is taken, 1 for its first repeat, ...
    public var epoch: Int32
    /// The `--by` score, nil for an unrated row of a uniform selection.
    public var score: Int?
    /// The position in the stratum's order: larger keys are taken first.
    public var key: UInt64
}

/// Where the second pass sends the rows it selects, in a deterministic order.
public protocol SelectionSink: AnyObject {
    func write(_ rows: [SelectedRow]) throws
}
