import Dispatch
import Foundation
import SplitMix
import Synchronization

public struct TrainingOptions: Sendable {
    public var epochs = 8
    /// The starting step size, decayed linearly to 0 over all epochs (as fastText does).
    public var learningRate: Float = 0.3
    public var seed: UInt64 = 0
    /// Threads that compute features; the updates themselves run on one.
    public var threads = 1

    public init() {}
}

public struct EpochReport: Sendable {
    public var epoch: Int
    /// Mean cross-entropy per head and document over the epoch.
    public var loss: Double
    public var seconds: Double
}

/// Trains a `DistilledModel` with SGD, fastText-style: per document, the hidden vector's 15
/// softmax losses are summed and each of the document's embeddings takes the hidden gradient
/// divided by its feature count.
///
/// Reproducible: for a seed, the model is the same bit for bit whatever `threads` is. Documents
/// are visited in a seeded order per epoch, in batches whose features are computed in parallel
/// (pure functions of the text) and then applied one document after another on one thread;
/// no update ever races with another (unlike Hogwild, which is not deterministic).
public enum ModelTrainer {
    static let batchDocuments = 1024

    public static func train(
        _ documents: [TrainingDocument],
        settings: FeatureSettings,
        options: TrainingOptions,
        progress: (EpochReport) -> Void = { _ in }
    ) -> DistilledModel {
        var state = SGDState(settings: settings, documents: documents, seed: options.seed)
        let total = Double(max(1, options.epochs * documents.count))
        var step = 0
        for epoch in 0..<options.epochs {
            let started = Date()
            var order = Array(documents.indices)
            var generator = SplitMix64Generator(state: SplitMix64.mix(options.seed ^ UInt64(epoch + 1)))
            order.shuffle(using: &generator)
            var loss: Double = 0
            for start in stride(from: 0, to: order.count, by: batchDocuments) {
                let batch = Array(order[start..<min(start + batchDocuments, order.count)])
                let features = extract(
                    batch.map { documents[$0].features },
                    settings: settings,
                    threads: options.threads
                )
                for (index, document) in batch.enumerated() {
                    let rate = options.learningRate * Float(1 - Double(step) / total)
                    loss += state.update(features[index], labels: documents[document].labels, rate: rate)
                    step += 1
                }
            }
            progress(
                EpochReport(
                    epoch: epoch + 1,
                    loss: loss / Double(max(1, documents.count * Heads.sizes.count)),
                    seconds: Date().timeIntervalSince(started)
                )
            )
        }
        return state.model
    }

    /// The features of `sources`, in order, computed by `threads` workers on contiguous slices.
    static func extract(
        _ sources: [DocumentFeatures.Source],
        settings: FeatureSettings,
        threads: Int
    ) -> [DocumentFeatures] {
        let workers = max(1, min(threads, sources.count))
        let slice = (sources.count + workers - 1) / max(workers, 1)
        let parts = Mutex([[DocumentFeatures]](repeating: [], count: workers))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let range = (worker * slice)..<min(sources.count, (worker + 1) * slice)
            let done = range.map { DocumentFeatures(sources[$0], settings: settings) }
            parts.withLock { $0[worker] = done }
        }
        return parts.withLock { $0.flatMap { $0 } }
    }
}
