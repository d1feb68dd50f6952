import JSONText

/// A line's record fields, by the rules of a shard record: the text must be a string, the id is a document id
/// (`FoundValue.documentID`), the source a string when there is one.
enum RecordFields {
    case fields(id: String?, text: String, source: String?)
    /// `id` is kept when it was read before the problem showed.
    case failure(reason: String, id: String?)

    /// `extraction` read the paths of `fields`, in their order.
    init(_ extraction: Extraction, fields: FieldPaths) {
        switch extraction {
        case .failure(let reason, let found):
            self = .failure(reason: reason, id: found[1].documentID)
        case .values(let values):
            guard let text = values[0].string else {
                self = .failure(reason: "no string field '\(fields.text)'", id: values[1].documentID)
                return
            }
            self = .fields(id: values[1].documentID, text: text, source: values.count > 2 ? values[2].string : nil)
        }
    }
}
