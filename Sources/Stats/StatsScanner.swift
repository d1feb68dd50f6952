import Annotations
import Foundation
import ParallelWork

/// What a scan computes besides the counts.
public struct StatsOptions: Sendable {
    public var grouping: StatsGrouping?
    /// Rows that fail it are left out of everything.
    public var filter: RowFilter?
    /// High and low examples to keep per criterion; 0 reads no document ids or offsets.
    public var examples: Int
    /// Concurrent workers; each holds one row group at a time.
    public var threads: Int
    /// Leave rows with an error out too, as `dataman sample` does when it forms its pool.
    public var skipErrorRows = false

    public init(
        grouping: StatsGrouping? = nil,
        filter: RowFilter? = nil,
        examples: Int = 0,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        skipErrorRows: Bool = false
    ) {
        self.grouping = grouping
        self.skipErrorRows = skipErrorRows
        self.filter = filter
        self.examples = examples
        self.threads = threads
    }
}

public struct StatsScanResult: Sendable {
    public var stats: CorpusStats
    public var examples: ExamplePicks
}

/// One streaming pass over annotation files: every row group is a unit of work, workers pull
/// units in file order and keep private aggregates, which merge at the end. Memory is one row
/// group per worker plus the aggregates, whatever the number of rows.
public enum StatsScanner {
    public static func scan(_ set: AnnotationSet, options: StatsOptions) async throws -> StatsScanResult {
        let units = set.files.enumerated().flatMap { index, file in (0..<file.rowGroupCount).map { (index, $0) } }
        let queue = WorkQueue(count: units.count)
        let width = max(1, min(options.threads, units.count))
        var stats = CorpusStats(grouping: options.grouping)
        var examples = ExampleSelector(limit: options.examples)
        try await withThrowingTaskGroup(of: (CorpusStats, ExampleSelector).self) { group in
            for _ in 0..<width {
                group.addTask {
                    try work(set: set, units: units, queue: queue, options: options)
                }
            }
            for try await (partial, picks) in group {
                stats.merge(partial)
                examples.merge(picks)
            }
        }
        return StatsScanResult(stats: stats, examples: examples.picks)
    }

    private static func work(
        set: AnnotationSet,
        units: [(Int, Int)],
        queue: WorkQueue,
        options: StatsOptions
    ) throws -> (CorpusStats, ExampleSelector) {
        let accumulator = StatsAccumulator(grouping: options.grouping)
        var examples = ExampleSelector(limit: options.examples)
        let columns = StatsAccumulator.columns.union(options.filter?.columns ?? [])
        var reader: AnnotationReader?
        var fileColumns = columns
        while let unit = queue.take() {
            let (fileIndex, rowGroup) = units[unit]
            let file = set.files[fileIndex]
            if reader?.file != file {
                reader = try AnnotationReader(file)
                fileColumns = options.examples > 0 ? columns.union(ExampleSelector.columns(for: file)) : columns
            }
            let batch = try reader!.batch(rowGroup: rowGroup, columns: fileColumns)
            let rows = rowsKept(batch, options)
            try accumulator.add(batch, rows: rows, place: "\(file.url.path): row group \(rowGroup)")
            examples.consider(batch, rows: rows, file: file)
        }
        return (accumulator.finish(), examples)
    }
}

extension StatsScanner {
    /// The rows of `batch` that pass the filter (and have no error, when asked); nil for all.
    static func rowsKept(_ batch: AnnotationBatch, _ options: StatsOptions) -> [Int]? {
        guard options.filter != nil || options.skipErrorRows else { return nil }
        let mask = options.filter?.mask(batch) ?? Array(repeating: true, count: batch.count)
        return mask.indices.filter { mask[$0] && !(options.skipErrorRows && batch.error[$0] != nil) }
    }
}
