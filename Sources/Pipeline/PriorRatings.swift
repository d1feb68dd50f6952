import Annotations
import Foundation
import Rating

/// The ratings an earlier run already gave a unit's documents, read in line order beside the shard
/// (`--retry-errors`): rows that were rated keep their ratings, and only the rest go to the rater.
/// One row group is held at a time.
final class PriorRatings {
    private let reader: AnnotationReader
    private let domainIndex: [String: Int]
    private var rowGroup = 0
    private var batch = AnnotationBatch(count: 0)
    private var row = 0

    init(file: URL, domainNames: [String]) throws {
        reader = try AnnotationReader(try AnnotationFile(url: file))
        domainIndex = Dictionary(uniqueKeysWithValues: domainNames.enumerated().map { ($1, $0) })
    }

    /// The earlier ratings of the document on `line`, if it was rated; lines must be asked in increasing order.
    func ratings(atLine line: Int64) throws -> Ratings? {
        while true {
            if row == batch.count {
                guard rowGroup < reader.rowGroupCount else { return nil }
                batch = try reader.batch(rowGroup: rowGroup, columns: Self.columns)
                rowGroup += 1
                row = 0
                continue
            }
            if batch.line[row] < line {
                row += 1
                continue
            }
            guard batch.line[row] == line, batch.error[row] == nil, let name = batch.domain[row],
                let domain = domainIndex[name]
            else { return nil }
            var scores: [Int8] = []
            for index in AnnotationColumns.ratings.indices {
                guard let score = batch.ratings[index]?[row], (1...5).contains(score) else { return nil }
                scores.append(score)
            }
            return Ratings(scores: scores, domain: domain)
        }
    }

    private static let columns: Set<String> = Set(
        [AnnotationColumns.line, AnnotationColumns.error, AnnotationColumns.domain]
            + AnnotationColumns.ratings
    )
}
