import JSONText

/// Checks that a line read back is the annotated document: its id field, read with the field extractor exactly as
/// the annotate path read it (a string unescaped, a number as written: `FoundValue.documentID`), is the doc_id the
/// annotation holds. A nested key or text that merely looks like `"id":` cannot match.
final class DocumentIdentity {
    private let idField: String
    /// Reads the id field first, then the caller's further fields.
    private let extractor: JSONFieldExtractor
    /// Whether the id field is a path a line can have (it always is for annotations made by `annotate`).
    private let checksID: Bool

    init(idField: String, fields: [FieldPath]) {
        self.idField = idField
        let idPath = FieldPath(idField)
        checksID = idPath != nil
        extractor = JSONFieldExtractor(paths: (idPath.map { [$0] } ?? []) + fields)
    }

    /// Why it is not the document.
    struct Mismatch: Error {
        var detail: String
    }

    /// The values of the further fields, when `line` is the document `docID`. A line without an id (null,
    /// absent, an object) was named `<shard>:<line>` when annotated, and is not held against `docID`.
    func check(_ line: [UInt8], docID: String) throws(Mismatch) -> [FoundValue] {
        switch extractor.extract(line) {
        case .failure(let reason, _):
            throw Mismatch(detail: "is not a JSON object (\(reason))")
        case .values(var values):
            guard checksID else { return values }
            let id = values.removeFirst().documentID
            if let id, id != docID {
                throw Mismatch(detail: "holds \(idField) '\(id)', the annotation says '\(docID)'")
            }
            return values
        }
    }
}
