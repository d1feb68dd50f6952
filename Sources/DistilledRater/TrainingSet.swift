import SplitMix

/// One rated document as training needs it: its labels, the window its hashed features come from
/// and its raw dense features (the whole text is not kept).
public struct TrainingDocument: Sendable {
    public var idHash: Int64
    public var labels: HeadClasses
    var features: DocumentFeatures.Source

    public init(idHash: Int64, labels: HeadClasses, text: String, settings: FeatureSettings) {
        self.idHash = idHash
        self.labels = labels
        var text = text
        features = text.withUTF8 { DocumentFeatures.Source(utf8: UnsafeRawBufferPointer($0), settings: settings) }
    }
}

/// Rated documents split into training and holdout by `id_hash`, with what was skipped.
public struct TrainingSet: Sendable {
    public var training: [TrainingDocument] = []
    public var holdout: [TrainingDocument] = []
    /// Rows with `error` set, and rows without a domain or some rating: skipped.
    public var errorRows = 0
    public var unratedRows = 0
    /// The record field whose labels replaced the teacher's (`--labels-field`), and on how many documents.
    public var labelsField: String?
    public var relabeled = 0
    public var teacher: Teacher
    public var criteriaVersion: String
    /// XXH3-64 (hex) of the training documents in order: id_hash, labels and text of each.
    public var hash: String

    /// Whether the document with `idHash` is held out: a pure function of `(seed, id_hash)`, so the
    /// split does not depend on file order, threads or which other files are given.
    public static func isHeldOut(idHash: Int64, seed: UInt64, fraction: Double) -> Bool {
        guard fraction > 0 else { return false }
        let key = SplitMix64.mix(UInt64(bitPattern: idHash) ^ SplitMix64.mix(seed))
        return Double(key >> 11) / Double(1 << 53) < fraction
    }
}
