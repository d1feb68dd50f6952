/// The weights as stored: embedding rows quantized to int8 with one Float16 scale each (a quarter
/// of Float32's size, with no measurable change in agreement), the heads as Float32.
struct QuantizedWeights {
    let bytes: [UInt8]

    init(_ model: DistilledModel) {
        let d = model.settings.dimensions
        let rows = model.settings.buckets
        var scales = [UInt8]()
        scales.reserveCapacity(rows * 2)
        var values = [UInt8](repeating: 0, count: rows * d)
        model.embeddings.withUnsafeBufferPointer { table in
            for row in 0..<rows {
                var largest: Float = 0
                for j in 0..<d { largest = max(largest, abs(table[row * d + j])) }
                let scale = Float(Float16(largest / 127))
                scales.appendLittleEndian(Float16(scale).bitPattern)
                guard scale > 0 else { continue }
                for j in 0..<d {
                    let level = (table[row * d + j] / scale).rounded()
                    values[row * d + j] = UInt8(bitPattern: Int8(max(-127, min(127, level))))
                }
            }
        }
        var out = scales + values
        for value in model.weights + model.biases { out.appendLittleEndian(value.bitPattern) }
        bytes = out
    }

    /// The stored size of a model with these settings.
    static func byteCount(_ settings: FeatureSettings) -> Int {
        settings.buckets * (2 + settings.dimensions) + floatCount(settings) * 4
    }

    private static func floatCount(_ settings: FeatureSettings) -> Int {
        Heads.outputCount * (settings.hiddenWidth + 1)
    }

    /// The model of a file's weights (`byteCount` of them), checked against the header's dense normalization.
    static func model(from bytes: [UInt8], header: ModelHeader, path: String) throws -> DistilledModel {
        let settings = header.settings
        let d = settings.dimensions
        let rows = settings.buckets
        let denseCount = settings.denseCount
        let width = settings.hiddenWidth
        let floats = floatCount(settings)
        guard header.denseMean.count == denseCount, header.denseScale.count == denseCount else {
            throw ModelFileError.corrupt(path: path, detail: "the dense feature normalization has the wrong size")
        }
        var embeddings = [Float](repeating: 0, count: rows * d)
        for row in 0..<rows {
            let scale = Float(Float16(bitPattern: UInt16(bytes[row * 2]) | UInt16(bytes[row * 2 + 1]) << 8))
            guard scale != 0 else { continue }
            let base = rows * 2 + row * d
            for j in 0..<d { embeddings[row * d + j] = Float(Int8(bitPattern: bytes[base + j])) * scale }
        }
        let start = rows * 2 + rows * d
        let values = (0..<floats).map { index in
            let at = start + index * 4
            return Float(
                bitPattern: UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16
                    | UInt32(bytes[at + 3]) << 24
            )
        }
        return DistilledModel(
            settings: settings,
            embeddings: embeddings,
            weights: Array(values[..<(Heads.outputCount * width)]),
            biases: Array(values[(Heads.outputCount * width)...]),
            denseMean: header.denseMean,
            denseScale: header.denseScale
        )
    }
}
