import Foundation
import SplitMix

/// The parameters being trained and one SGD step on them.
struct SGDState {
    var model: DistilledModel

    /// Embeddings start at zero, so rows no feature reaches stay zero (and compress to nothing in
    /// the model file); the heads start small and random, which breaks the symmetry instead.
    init(settings: FeatureSettings, documents: [TrainingDocument], seed: UInt64) {
        let denseCount = settings.denseCount
        var mean = [Float](repeating: 0, count: denseCount)
        var scale = [Float](repeating: 1, count: denseCount)
        if denseCount > 0, !documents.isEmpty {
            var sum = [Double](repeating: 0, count: denseCount)
            var squares = [Double](repeating: 0, count: denseCount)
            for document in documents {
                for (index, value) in document.features.dense.enumerated() {
                    sum[index] += Double(value)
                    squares[index] += Double(value) * Double(value)
                }
            }
            let n = Double(documents.count)
            for index in 0..<denseCount {
                let average = sum[index] / n
                let deviation = max(squares[index] / n - average * average, 0).squareRoot()
                mean[index] = Float(average)
                scale[index] = deviation > 1e-6 ? Float(1 / deviation) : 0
            }
        }
        let width = settings.hiddenWidth
        var generator = SplitMix64Generator(state: seed)
        let bound = 1 / Float(width).squareRoot()
        let weights = (0..<(Heads.outputCount * width)).map { _ in
            (Float(generator.next() >> 40) / Float(1 << 24) * 2 - 1) * bound
        }
        model = DistilledModel(
            settings: settings,
            embeddings: [Float](repeating: 0, count: settings.buckets * settings.dimensions),
            weights: weights,
            biases: [Float](repeating: 0, count: Heads.outputCount),
            denseMean: mean,
            denseScale: scale
        )
    }

    /// One step on one document; returns its summed cross-entropy over the heads.
    mutating func update(_ document: DocumentFeatures, labels: HeadClasses, rate: Float) -> Double {
        let hidden = model.hidden(document)
        let width = model.width
        var biases = model.biases
        var gradient = [Float](repeating: 0, count: Heads.outputCount)
        var hiddenGradient = [Float](repeating: 0, count: width)
        var loss: Double = 0
        model.weights.withUnsafeBufferPointer { w in
            for (head, (offset, size)) in zip(Heads.offsets, Heads.sizes).enumerated() {
                var largest = -Float.infinity
                for output in offset..<(offset + size) {
                    var sum = biases[output]
                    let row = output * width
                    for j in 0..<width { sum += w[row + j] * hidden[j] }
                    gradient[output] = sum
                    largest = max(largest, sum)
                }
                var total: Float = 0
                for output in offset..<(offset + size) {
                    gradient[output] = exp(gradient[output] - largest)
                    total += gradient[output]
                }
                for output in offset..<(offset + size) { gradient[output] /= total }
                let target = offset + Int(labels.classes[head])
                loss -= Double(log(max(gradient[target], 1e-30)))
                gradient[target] -= 1
            }
        }
        // The hidden gradient is taken through the weights before they move.
        model.weights.withUnsafeMutableBufferPointer { w in
            for output in 0..<Heads.outputCount {
                let g = gradient[output]
                let row = output * width
                for j in 0..<width {
                    hiddenGradient[j] += g * w[row + j]
                    w[row + j] -= rate * g * hidden[j]
                }
                biases[output] -= rate * g
            }
        }
        model.biases = biases
        guard !document.features.isEmpty else { return loss }
        let d = model.settings.dimensions
        let step = rate / Float(document.features.count)
        model.embeddings.withUnsafeMutableBufferPointer { table in
            for feature in document.features {
                let row = Int(feature) * d
                for j in 0..<d { table[row + j] -= step * hiddenGradient[j] }
            }
        }
        return loss
    }
}
