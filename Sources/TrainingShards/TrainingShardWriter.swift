import FileIO
import Foundation
import Sampling
import Shards
import Tokenizers

/// What `--materialize` writes, and how.
public struct TrainingShardOptions: Sendable {
    public var format: TrainingFormat
    /// A new file starts once the current one holds this many tokens (the tokenized formats count their
    /// ids, the special tokens included; `jsonl.zst` counts the annotation's tokens).
    public var shardTokens: Int64
    public var seed: UInt64
    public var shuffle: Bool
    /// The tokenizer and special tokens; the tokenized formats need it.
    public var layout: TokenizedLayout?
    public var threads: Int
    /// The payload of one spill bucket: the memory pass 2 holds at once (tokens besides).
    public var bucketBytes: Int

    public init(
        format: TrainingFormat,
        shardTokens: Int64,
        seed: UInt64,
        shuffle: Bool = true,
        layout: TokenizedLayout? = nil,
        threads: Int = 1,
        bucketBytes: Int = 256 << 20
    ) throws {
        guard shardTokens > 0 else { throw TrainingShardsError.invalidOption("--shard-tokens must be positive") }
        guard layout != nil || !format.isTokenized else {
            throw TrainingShardsError.invalidOption("--format \(format.rawValue) needs --tokenizer")
        }
        self.format = format
        self.shardTokens = shardTokens
        self.seed = seed
        self.shuffle = shuffle
        self.layout = layout
        self.threads = max(1, threads)
        self.bucketBytes = max(1, bucketBytes)
    }
}

/// `OUT/manifest.json`, and while a run is going `OUT/data.tmp/_progress.json`: the files committed so far.
public struct TrainingManifest: Codable, Sendable, Equatable {
    /// Everything the files depend on; a rerun keeps committed files only when all of it is the same.
    public struct Settings: Codable, Sendable, Equatable {
        public var format: TrainingFormat
        public var shuffled: Bool
        public var seed: UInt64
        public var shardTokens: Int64
        public var tokenizer: String?
        public var vocabularyHash: String?
        public var eos: Int?
        public var bos: Int?
        /// XXH3-64 (hex) of the selected copies' locators and epochs, in reading order.
        public var selection: String
    }

    public struct File: Codable, Sendable, Equatable {
        /// The main file, relative to OUT (`data/part-00000.ds`).
        public var path: String
        public var documents: Int64
        public var tokens: Int64
        /// The main file's bytes (uncompressed for `jsonl.zst`).
        public var bytes: Int64
        /// Copies that repeat a document (epoch > 0).
        public var repeats: Int64
        /// Every file of the shard, relative to `data/`, with its size on disk: what a resumed run checks.
        public var sizes: [String: Int64]
    }

    public var settings: Settings
    public var files: [File] = []
    /// The output positions before this one are in `files`.
    public var positions = 0
    public var documents: Int64 = 0
    public var tokens: Int64 = 0
    public var repeatedDocuments: Int64 = 0

    init(settings: Settings) { self.settings = settings }

    mutating func append(_ file: File, through position: Int) {
        files.append(file)
        positions = position
        documents += file.documents
        tokens += file.tokens
        repeatedDocuments += file.repeats
    }
}

/// Writes a selection's documents as training shards under `OUT/data/`: globally shuffled (`TrainingOrder`)
/// by an external shuffle (`SpillBuckets`), so the documents' text streams through disk and memory holds
/// one bucket. Each shard's files are committed one by one, then listed in `data.tmp/_progress.json`; a
/// killed run rerun with the same settings keeps the listed files (after checking their sizes) and writes
/// only the rest. `data.tmp/` becomes `data/`, and `manifest.json` is written, only when all are there.
public struct TrainingShardWriter {
    public let materializer: Materializer
    public let options: TrainingShardOptions

    public init(materializer: Materializer, options: TrainingShardOptions) {
        self.materializer = materializer
        self.options = options
    }

    static let progressName = "_progress.json"

    /// Reads `selection` (written by `Sampler.run`) and writes `output/data/` and `output/manifest.json`.
    public func run(selection: URL, output: URL) throws -> TrainingManifest {
        let copies = try materializer.copies(selection: selection)
        let positions = TrainingOrder.positions(of: copies, seed: options.seed, shuffle: options.shuffle)
        var indexAt = [Int](repeating: 0, count: copies.count)
        for (index, position) in positions.enumerated() { indexAt[position] = index }
        let staging = output.appendingPathComponent("data.tmp")
        var progress = try resumable(staging: staging, settings: settings(copies))
        let spill = output.appendingPathComponent("spill.tmp")
        if progress.positions < copies.count {
            let buckets = try SpillBuckets(
                folder: spill,
                positions: positions,
                sizes: copies.map { Int($0.length) },
                bucketBytes: options.bucketBytes,
                from: progress.positions
            )
            // The spill is as large as the mixture's text: a failed run does not leave it behind.
            defer { buckets.remove() }
            let spillsText = options.format != .jsonlZstd
            try materializer.readLines(copies) { index, line in
                guard buckets.wants(index) else { return }
                if spillsText {
                    // The text alone is spilled (never longer than its JSON line): pass 2 tokenizes or stores it.
                    // annotate rates only lines whose text is a string, and the line was checked to be the
                    // annotated one; an absent text would be a document of no tokens, as datatrove reads it.
                    guard case .string(let text) = line.values.first else {
                        return try buckets.add(copy: index, position: positions[index], payload: [])
                    }
                    try buckets.add(copy: index, position: positions[index], payload: text.utf8)
                } else {
                    try buckets.add(copy: index, position: positions[index], payload: line.bytes)
                }
            }
            try buckets.finishWriting()
            let attributes = options.format == .parquet ? try SelectionAttributes(selection: selection) : nil
            try write(
                buckets,
                copies: copies,
                indexAt: indexAt,
                staging: staging,
                attributes: attributes,
                progress: &progress
            )
        }
        try? FileManager.default.removeItem(at: staging.appendingPathComponent(Self.progressName))
        let data = output.appendingPathComponent("data")
        try? FileManager.default.removeItem(at: data)
        try FileManager.default.moveItem(at: staging, to: data)
        try AtomicFileWriter.write(try Self.encode(progress), to: output.appendingPathComponent("manifest.json"))
        return progress
    }

    /// Pass 2: the buckets in order, into shard files of about `shardTokens` tokens.
    private func write(
        _ buckets: SpillBuckets,
        copies: [Materializer.Copy],
        indexAt: [Int],
        staging: URL,
        attributes: SelectionAttributes?,
        progress: inout TrainingManifest
    ) throws {
        var writer: (any ShardFileWriter)?
        var current = TrainingManifest.File(path: "", documents: 0, tokens: 0, bytes: 0, repeats: 0, sizes: [:])
        defer { writer?.abandon() }
        func commit(through position: Int) throws {
            guard let open = writer else { return }
            let (names, bytes) = try open.commit()
            writer = nil
            current.path = "data/" + names[0]
            current.bytes = bytes
            for name in names {
                let attributes = try FileManager.default.attributesOfItem(
                    atPath: staging.appendingPathComponent(name).path
                )
                current.sizes[name] = (attributes[.size] as? NSNumber)?.int64Value ?? -1
            }
            progress.append(current, through: position)
            try AtomicFileWriter.write(try Self.encode(progress), to: staging.appendingPathComponent(Self.progressName))
        }
        for bucket in 0..<buckets.bucketCount {
            let payloads = try buckets.read(bucket: bucket)
            let ids = options.format.isTokenized ? options.layout.map { tokenize(payloads, layout: $0) } : nil
            for (offset, payload) in payloads.enumerated() {
                let position = buckets.bucketStarts[bucket] + offset
                let copy = copies[indexAt[position]]
                if writer == nil {
                    writer = try options.format.writer(
                        folder: staging,
                        index: progress.files.count,
                        layout: options.layout,
                        attributes: attributes
                    )
                    current = .init(path: "", documents: 0, tokens: 0, bytes: 0, repeats: 0, sizes: [:])
                }
                var document = PreparedDocument()
                switch options.format {
                case .jsonlZstd: document.line = payload
                case .datatrove, .megatron: document.ids = ids?[offset] ?? []
                case .parquet: (document.text, document.docID, document.row) = (payload, copy.docID, copy.row)
                }
                try writer!.append(document)
                current.documents += 1
                current.tokens += ids.map { Int64($0[offset].count) } ?? Int64(copy.tokens)
                if copy.epoch > 0 { current.repeats += 1 }
                if current.tokens >= options.shardTokens { try commit(through: position + 1) }
            }
        }
        try commit(through: copies.count)
    }

    /// The ids of each text, on `threads` threads (each takes every `threads`-th text), in the texts' order.
    private func tokenize(_ texts: [[UInt8]], layout: TokenizedLayout) -> [[UInt32]] {
        var results = [[UInt32]](repeating: [], count: texts.count)
        let threads = min(options.threads, max(1, texts.count))
        results.withUnsafeMutableBufferPointer { buffer in
            // Each thread writes only its own indices.
            nonisolated(unsafe) let output = buffer
            DispatchQueue.concurrentPerform(iterations: threads) { worker in
                for index in stride(from: worker, to: texts.count, by: threads) {
                    output[index] = layout.ids(of: texts[index])
                }
            }
        }
        return results
    }

    private func settings(_ copies: [Materializer.Copy]) -> TrainingManifest.Settings {
        let hasher = XXH3Hasher()
        for copy in copies {
            hasher.update(Array(copy.shard.utf8) + [0] + Array(copy.docID.utf8) + [0])
            hasher.update(
                littleEndianBytes([UInt64(bitPattern: copy.offset), UInt64(copy.length), UInt64(copy.tokens)])
                    + littleEndianBytes([copy.idHash, UInt64(UInt32(bitPattern: copy.epoch))])
            )
        }
        return .init(
            format: options.format,
            shuffled: options.shuffle,
            seed: options.seed,
            shardTokens: options.shardTokens,
            tokenizer: options.layout?.tokenizerName,
            vocabularyHash: options.layout?.tokenizer.vocabularyHash,
            eos: options.layout?.eos,
            bos: options.layout?.bos,
            selection: String(format: "%016llx", hasher.digest)
        )
    }

    /// The progress of an earlier run with the same settings, its files checked; else an empty `staging`.
    private func resumable(staging: URL, settings: TrainingManifest.Settings) throws -> TrainingManifest {
        let manager = FileManager.default
        let url = staging.appendingPathComponent(Self.progressName)
        if let data = manager.contents(atPath: url.path),
            let earlier = try? Self.decoder.decode(TrainingManifest.self, from: data),
            earlier.settings == settings,
            earlier.files.allSatisfy({ file in
                file.sizes.allSatisfy { name, size in
                    let attributes = try? manager.attributesOfItem(atPath: staging.appendingPathComponent(name).path)
                    return (attributes?[.size] as? NSNumber)?.int64Value == size
                }
            })
        {
            // Files of a shard that was being written when the run stopped are overwritten as it is rewritten.
            return earlier
        }
        try? manager.removeItem(at: staging)
        let fresh = TrainingManifest(settings: settings)
        // Written first, so the folder exists and a kill before the first shard resumes from nothing.
        try AtomicFileWriter.write(try Self.encode(fresh), to: url)
        return fresh
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    static func encode(_ manifest: TrainingManifest) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return Array(try encoder.encode(manifest)) + [0x0A]
    }
}
