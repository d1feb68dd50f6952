/// The self-description at the start of a model file (JSON): what the model reads, what it was
/// trained on and by whom, so a model file can be judged without running it. It holds no time, so
/// training again with the same inputs and seed gives the same bytes (and the same hash in provenance).
public struct ModelHeader: Codable, Sendable, Equatable {
    public var settings: FeatureSettings
    /// The criteria folder's version hash of the training annotations.
    public var criteriaVersion: String
    /// The rating columns and domain names of the heads, in order; checked against the criteria
    /// a model is used with.
    public var criteria: [String]
    public var domains: [String]
    public var teacher: Teacher
    public var training: TrainingSummary
    public var denseFeatures: [String]
    public var denseMean: [Float]
    public var denseScale: [Float]

    public init(
        settings: FeatureSettings,
        criteriaVersion: String,
        criteria: [String],
        domains: [String],
        teacher: Teacher,
        training: TrainingSummary
    ) {
        self.settings = settings
        self.criteriaVersion = criteriaVersion
        self.criteria = criteria
        self.domains = domains
        self.teacher = teacher
        self.training = training
        denseFeatures = settings.denseFeatures ? DenseFeatures.names : []
        denseMean = []
        denseScale = []
    }
}

/// How a model was trained: enough to train it again and to know what it saw.
public struct TrainingSummary: Codable, Sendable, Equatable {
    /// `TrainingSet.hash`: XXH3-64 of the training documents' id hashes, labels and texts.
    public var hash: String
    public var documents: Int
    public var holdoutDocuments: Int
    public var errorRows: Int
    public var unratedRows: Int
    public var holdoutFraction: Double
    public var seed: UInt64
    public var epochs: Int
    public var learningRate: Float
    /// `--labels-field`: the record field whose labels replaced the teacher's, and on how many
    /// documents (training and holdout); absent when the teacher's labels were used as they are.
    public var labelsField: String?
    public var relabeled: Int?

    public init(set: TrainingSet, holdoutFraction: Double, options: TrainingOptions) {
        hash = set.hash
        documents = set.training.count
        holdoutDocuments = set.holdout.count
        errorRows = set.errorRows
        unratedRows = set.unratedRows
        self.holdoutFraction = holdoutFraction
        seed = options.seed
        epochs = options.epochs
        learningRate = options.learningRate
        labelsField = set.labelsField
        relabeled = set.labelsField == nil ? nil : set.relabeled
    }
}
