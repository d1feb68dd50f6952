import Annotations
import Foundation

/// Labels that replace a teacher's for one document, read from a field of its record
/// (`dataman train --labels-field`): `name=value` pairs joined by commas, such as
/// `domain=C,coherence=1,overall_score=2`. The domain is a letter A-O or a domain name; a
/// criterion is an annotation rating column and a rating 1-5. Labels the field does not name stay
/// the teacher's, so a rule can correct a teacher where the rule is sure (a known source's domain,
/// a deliberately damaged text) and learn the rest from the teacher.
public struct LabelOverrides: Sendable, Equatable {
    public private(set) var domain: Int?
    /// Criterion index (annotation column order) to rating 1-5.
    public private(set) var scores: [Int: Int8] = [:]

    /// Throws a message naming the pair at fault.
    public init(parsing field: String, domains: [String]) throws(LabelOverrideError) {
        for pair in field.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else { throw LabelOverrideError("'\(pair)' is not NAME=VALUE") }
            let (name, value) = (parts[0], parts[1])
            if name == "domain" {
                domain = try Self.domainIndex(value, domains: domains)
            } else if let criterion = AnnotationColumns.ratingIndex(name) {
                guard let rating = Int8(value), (1...5).contains(rating) else {
                    throw LabelOverrideError("\(name)=\(value): a rating is 1 to 5")
                }
                scores[criterion] = rating
            } else {
                throw LabelOverrideError("'\(name)' is neither domain nor a rating column")
            }
        }
    }

    private static func domainIndex(_ value: String, domains: [String]) throws(LabelOverrideError) -> Int {
        if let index = domains.firstIndex(of: value) { return index }
        if value.count == 1, let letter = value.unicodeScalars.first?.value, letter >= 65,
            Int(letter - 65) < domains.count
        {
            return Int(letter - 65)
        }
        throw LabelOverrideError(
            "domain=\(value): not a letter A-\(Character(UnicodeScalar(64 + domains.count)!)) or a domain name"
        )
    }

    /// The teacher's labels with these replacing theirs.
    public func applied(to labels: HeadClasses) -> HeadClasses {
        var classes = labels.classes
        if let domain { classes[0] = UInt8(domain) }
        for (criterion, rating) in scores { classes[1 + criterion] = UInt8(rating - 1) }
        return HeadClasses(classes: classes)
    }
}

public struct LabelOverrideError: Error, Sendable, Equatable {
    public var detail: String
    init(_ detail: String) { self.detail = detail }
}
