import Annotations
import ParallelWork

/// The first pass: reads the pool columns of every row group once and builds the key histogram.
/// Each worker keeps one histogram for all the row groups it takes; the workers' histograms are
/// added up at the end, which gives the same result whatever the split.
enum HistogramPass {
    static func run(_ files: [AnnotationFile], _ configuration: SampleConfiguration) async throws -> PoolHistogram {
        let units = AnnotationRowGroup.all(files)
        let width = max(1, min(configuration.threads, units.count))
        let queue = WorkQueue(count: units.count)
        return try await withThrowingTaskGroup(of: PoolHistogram.self) { group in
            for _ in 0..<width {
                group.addTask {
                    var worker = Worker(configuration: configuration)
                    while let item = queue.take() {
                        try worker.scan(files[units[item].fileIndex], rowGroup: units[item].rowGroup)
                    }
                    return worker.histogram
                }
            }
            var total = PoolHistogram()
            for try await part in group { total.merge(part) }
            return total
        }
    }

    private struct Worker {
        let configuration: SampleConfiguration
        let order: SelectionOrder
        let collectValues: Bool
        var classifier: RowClassifier
        var tallies: [StratumTally] = []
        var counts = PoolCounts()
        var domains: Set<String> = []
        var sources: Set<String> = []
        var reader: AnnotationReader?

        init(configuration: SampleConfiguration) {
            self.configuration = configuration
            order = SelectionOrder(method: configuration.method, bucketBits: configuration.histogramBits)
            classifier = RowClassifier(configuration: configuration)
            let filter = configuration.filter
            collectValues =
                !(filter?.literals(of: .domain).isEmpty ?? true) || !(filter?.literals(of: .source).isEmpty ?? true)
        }

        mutating func scan(_ file: AnnotationFile, rowGroup: Int) throws {
            if reader?.file != file { reader = try AnnotationReader(file) }
            let batch = try reader!.batch(rowGroup: rowGroup, columns: configuration.poolColumns)
            if collectValues { noteValues(batch) }
            let order = order
            let bucketCount = 1 << configuration.histogramBits
            var tallies = self.tallies
            self.tallies = []
            defer { self.tallies = tallies }
            try classifier.forEachPoolRow(batch, file: file, rowGroup: rowGroup, counts: &counts) {
                row,
                stratum,
                score,
                bits in
                if stratum == tallies.count { tallies.append(StratumTally()) }
                tallies[stratum].add(
                    scoreClass: order.scoreClass(score ?? 0),
                    score: score,
                    bucket: order.bucket(bits),
                    bucketCount: bucketCount,
                    tokens: Int64(batch.tokens[row])
                )
            }
        }

        private mutating func noteValues(_ batch: AnnotationBatch) {
            var last: String?
            for source in batch.source where source != last {
                sources.insert(source)
                last = source
            }
            var lastDomain: String??
            for domain in batch.domain where lastDomain == nil || lastDomain! != domain {
                if let domain { domains.insert(domain) }
                lastDomain = .some(domain)
            }
        }

        var histogram: PoolHistogram {
            var histogram = PoolHistogram()
            for (index, tally) in tallies.enumerated() { histogram.strata[classifier.strata[index]] = tally }
            histogram.counts = counts
            histogram.domainsSeen = domains
            histogram.sourcesSeen = sources
            return histogram
        }
    }
}
