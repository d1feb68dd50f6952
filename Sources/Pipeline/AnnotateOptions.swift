import Cluster
import Foundation
import Logging

/// What `dataman annotate` was asked to do, independent of which rater and tokenizer it uses.
public struct AnnotateOptions: Sendable {
    public var inputs: [URL]
    public var output: URL
    public var textField = "text"
    public var idField = "id"
    public var sourceField: String?
    /// Concurrent rating batches; the reader and writer of a shard run beside them.
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    public var batchDocuments = 256
    public var batchBytes = 4 << 20
    public var rowGroupRows = 65_536
    public var maxLineBytes = 256 << 20
    /// Stop at the first bad record instead of writing it as an error row.
    public var strict = false
    /// Re-annotate into an output folder made with a different rater, tokenizer or criteria.
    public var force = false
    /// This process's share of the shards.
    public var rank = WorkerRank.single
    /// `--split-lines`: very large shards cut into pieces of lines, dealt out over the ranks.
    public var splitting: ShardSplitting?
    /// Annotate again the units with error rows, keeping the rows that were rated.
    public var retryErrors = false
    /// Diagnostics: warnings that do not stop the run, and what each unit did at debug level.
    public var logger = Logger(label: "dataman.annotate")

    public init(inputs: [URL], output: URL) {
        self.inputs = inputs
        self.output = output
    }
}
