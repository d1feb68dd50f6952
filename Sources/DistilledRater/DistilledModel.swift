/// A multi-head linear model over averaged embeddings of hashed features (fastText's supervised
/// model with 15 heads sharing one hidden vector): the hidden vector is the mean of the document's
/// feature embeddings, followed by its standardized dense features; each head is a softmax over a
/// linear map of it.
public struct DistilledModel: Sendable, Equatable {
    public let settings: FeatureSettings
    /// `buckets × dimensions`, row-major.
    var embeddings: [Float]
    /// `Heads.outputCount × width`, row-major.
    var weights: [Float]
    var biases: [Float]
    /// Dense features are fed as `(raw - mean) * scale`; both empty without dense features.
    var denseMean: [Float]
    var denseScale: [Float]

    var width: Int { settings.hiddenWidth }

    init(
        settings: FeatureSettings,
        embeddings: [Float],
        weights: [Float],
        biases: [Float],
        denseMean: [Float],
        denseScale: [Float]
    ) {
        self.settings = settings
        self.embeddings = embeddings
        self.weights = weights
        self.biases = biases
        self.denseMean = denseMean
        self.denseScale = denseScale
    }

    /// The domain and 14 ratings the model gives `text`.
    public func predict(_ text: String) -> HeadClasses {
        predict(DocumentFeatures(text: text, settings: settings))
    }

    func predict(_ document: DocumentFeatures) -> HeadClasses {
        let hidden = hidden(document)
        var logits = biases
        weights.withUnsafeBufferPointer { w in
            for output in 0..<Heads.outputCount {
                var sum: Float = 0
                let row = output * width
                for j in 0..<width { sum += w[row + j] * hidden[j] }
                logits[output] += sum
            }
        }
        return HeadClasses(
            classes: zip(Heads.offsets, Heads.sizes).map { offset, size in
                var best = offset
                for index in offset..<(offset + size) where logits[index] > logits[best] { best = index }
                return UInt8(best - offset)
            }
        )
    }

    /// The mean embedding of the features, then the standardized dense features.
    func hidden(_ document: DocumentFeatures) -> [Float] {
        let d = settings.dimensions
        var hidden = [Float](repeating: 0, count: width)
        if !document.features.isEmpty {
            embeddings.withUnsafeBufferPointer { table in
                hidden.withUnsafeMutableBufferPointer { h in
                    for feature in document.features {
                        let row = Int(feature) * d
                        for j in 0..<d { h[j] += table[row + j] }
                    }
                    let scale = 1 / Float(document.features.count)
                    for j in 0..<d { h[j] *= scale }
                }
            }
        }
        for (index, value) in document.dense.enumerated() where settings.denseFeatures {
            hidden[d + index] = (value - denseMean[index]) * denseScale[index]
        }
        return hidden
    }
}

/// What the model reads from one document: its hashed feature ids and raw dense features.
struct DocumentFeatures: Sendable {
    var features: [UInt32]
    var dense: [Float]

    init(text: String, settings: FeatureSettings) {
        var text = text
        self = text.withUTF8 { DocumentFeatures(utf8: UnsafeRawBufferPointer($0), settings: settings) }
    }

    init(utf8 text: UnsafeRawBufferPointer, settings: FeatureSettings) {
        self.init(Source(utf8: text, settings: settings), settings: settings)
    }

    init(_ source: Source, settings: FeatureSettings) {
        features = FeatureHasher(settings: settings).features(source.window)
        dense = source.dense
    }

    /// What the features are computed from: the text's normalized window and its dense features.
    /// Training keeps this (a few KB a document) rather than the ids, which take several times the
    /// bytes, and normalizes each document once rather than once an epoch.
    struct Source: Sendable {
        var window: [UInt8]
        var dense: [Float]

        init(utf8 text: UnsafeRawBufferPointer, settings: FeatureSettings) {
            window = FeatureHasher.normalize(TextWindow.bytes(text, head: settings.headBytes, tail: settings.tailBytes))
            dense = settings.denseFeatures ? DenseFeatures.measure(text) : []
        }
    }
}
