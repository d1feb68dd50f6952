/// The model's 15 softmax heads over one output vector: the domain (15 classes) first, then the
/// 14 criteria (ratings 1-5 as classes 0-4) in annotation column order.
enum Heads {
    static let domainClasses = 15
    static let criterionCount = 14
    static let ratingLevels = 5
    static let sizes = [domainClasses] + Array(repeating: ratingLevels, count: criterionCount)
    static let offsets: [Int] = sizes.indices.map { sizes[..<$0].reduce(0, +) }
    static let outputCount = sizes.reduce(0, +)
}

/// A document's labels as head classes: the domain index, then each rating minus one.
public struct HeadClasses: Sendable, Equatable {
    public var classes: [UInt8]

    /// Nil when a value is out of range.
    public init?(domain: Int, scores: [Int8]) {
        guard (0..<Heads.domainClasses).contains(domain), scores.count == Heads.criterionCount,
            scores.allSatisfy({ (1...5).contains($0) })
        else { return nil }
        classes = [UInt8(domain)] + scores.map { UInt8($0 - 1) }
    }

    init(classes: [UInt8]) {
        self.classes = classes
    }

    public var domain: Int { Int(classes[0]) }
    /// The ratings 1-5.
    public var scores: [Int8] { classes.dropFirst().map { Int8($0) + 1 } }
}
