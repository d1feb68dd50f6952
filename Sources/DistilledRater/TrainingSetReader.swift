import Annotations
import Foundation
import Shards

/// Reads a teacher's annotations and the texts they rate: each annotation file's shard is streamed
/// once in line order beside the file's rows (no random access), and each rated row becomes a
/// training or holdout document.
public struct TrainingSetReader {
    public var settings: FeatureSettings
    /// The domain names in index order (the criteria's `domains.json`).
    public var domains: [String]
    public var holdoutFraction: Double
    public var seed: UInt64
    /// A record field whose `LabelOverrides` replace the teacher's labels where it is present.
    public var labelsField: String?

    public init(
        settings: FeatureSettings,
        domains: [String],
        holdoutFraction: Double,
        seed: UInt64,
        labelsField: String? = nil
    ) {
        self.settings = settings
        self.domains = domains
        self.holdoutFraction = holdoutFraction
        self.seed = seed
        self.labelsField = labelsField
    }

    private static let columns = RowRating.columns.union([
        AnnotationColumns.idHash, AnnotationColumns.line, AnnotationColumns.length,
    ])

    /// `shardsRoot` is the folder the annotated shards' relative paths start from.
    public func read(_ annotations: AnnotationSet, shardsRoot: URL) throws -> TrainingSet {
        var set = TrainingSet(
            teacher: try Self.teacher(annotations),
            criteriaVersion: annotations.files.first?.criteriaVersion ?? "unknown",
            hash: ""
        )
        set.labelsField = labelsField
        let hasher = XXH3Hasher()
        let domainIndex = Dictionary(domains.enumerated().map { ($1, $0) }) { first, _ in first }
        for file in annotations.files {
            let texts = try Self.shard(of: file, under: shardsRoot, labelsField: labelsField)
            try read(file, texts: texts, domainIndex, into: &set, hasher)
        }
        set.hash = String(format: "%016llx", hasher.digest)
        return set
    }

    /// One annotation file's rows beside its shard's records.
    private func read(
        _ file: AnnotationFile,
        texts: any RecordReader,
        _ domainIndex: [String: Int],
        into set: inout TrainingSet,
        _ hasher: XXH3Hasher
    ) throws {
        let rows = try AnnotationReader(file)
        var lastLine: Int64 = -1
        for group in 0..<rows.rowGroupCount {
            let batch = try rows.batch(rowGroup: group, columns: Self.columns)
            for row in 0..<batch.count {
                let line = batch.line[row]
                guard line > lastLine else {
                    throw TrainingError.rowsOutOfOrder(annotations: file.url.path, line: line)
                }
                lastLine = line
                let rating = batch.rating(row)
                if case .outOfRange = rating {
                    throw TrainingError.invalidRating(annotations: file.url.path, line: line)
                }
                guard case .rated(let domainName, let scores) = rating else {
                    if rating == .error { set.errorRows += 1 } else { set.unratedRows += 1 }
                    continue
                }
                guard let domain = domainIndex[domainName] else {
                    throw TrainingError.unknownDomain(annotations: file.url.path, domain: domainName)
                }
                guard var labels = HeadClasses(domain: domain, scores: scores) else {
                    throw TrainingError.invalidRating(annotations: file.url.path, line: line)
                }
                let document = try Self.document(texts, line: line, length: batch.length[row], shard: file.inputPath)
                if let field = labelsField, let overrides = document.source {
                    do {
                        labels = try LabelOverrides(parsing: overrides, domains: domains).applied(to: labels)
                        set.relabeled += 1
                    } catch {
                        throw TrainingError.invalidLabels(
                            shard: file.inputPath,
                            line: line,
                            field: field,
                            detail: error.detail
                        )
                    }
                }
                let text = document.text
                let idHash = batch.idHash[row]
                let example = TrainingDocument(idHash: idHash, labels: labels, text: text, settings: settings)
                if TrainingSet.isHeldOut(idHash: idHash, seed: seed, fraction: holdoutFraction) {
                    set.holdout.append(example)
                } else {
                    Self.feed(hasher, idHash: idHash, labels: labels, text: text)
                    set.training.append(example)
                }
            }
        }
    }

    /// A reader of the shard an annotation file rates, with the text and id fields it was annotated
    /// with; the labels field, if any, is read in the source field's place.
    private static func shard(of file: AnnotationFile, under root: URL, labelsField: String?) throws -> any RecordReader
    {
        if file.isSelection { throw TrainingError.selectionFile(path: file.url.path) }
        let shard = ShardFile(
            url: root.appendingPathComponent(file.inputPath),
            relativePath: file.inputPath,
            rootName: root.lastPathComponent
        )
        guard FileManager.default.fileExists(atPath: shard.url.path) else {
            throw TrainingError.missingShard(annotations: file.url.path, shard: shard.url.path)
        }
        let fields = try FieldPaths(
            text: file.metadata[AnnotationMetadataKeys.textField] ?? "text",
            id: file.metadata[AnnotationMetadataKeys.idField] ?? "id",
            source: labelsField
        )
        return try shard.records(fields: fields)
    }

    /// The record at `line`, reading past the lines before it.
    private static func document(
        _ reader: any RecordReader,
        line: Int64,
        length: Int32,
        shard: String
    ) throws -> Document {
        while let record = try reader.next() {
            let locator = record.locator
            if locator.line < line { continue }
            guard locator.line == line else { break }
            guard case .document(let document) = record else {
                throw TrainingError.lineChanged(shard: shard, line: line, detail: "it no longer parses")
            }
            guard locator.length == length else {
                throw TrainingError.lineChanged(
                    shard: shard,
                    line: line,
                    detail: "\(locator.length) bytes long, the annotated record \(length)"
                )
            }
            return document
        }
        throw TrainingError.lineMissing(shard: shard, line: line)
    }

    private static func feed(_ hasher: XXH3Hasher, idHash: Int64, labels: HeadClasses, text: String) {
        withUnsafeBytes(of: idHash.littleEndian) { hasher.update($0) }
        hasher.update(labels.classes)
        var text = text
        text.withUTF8 { hasher.update(UnsafeRawBufferPointer($0)) }
    }

    /// The one rater every file names; files from several are refused.
    static func teacher(_ annotations: AnnotationSet) throws -> Teacher {
        func teacher(_ file: AnnotationFile) -> Teacher {
            Teacher(
                kind: file.metadata[AnnotationMetadataKeys.raterKind] ?? "unknown",
                model: file.metadata[AnnotationMetadataKeys.raterModel] ?? "",
                promptHash: file.metadata[AnnotationMetadataKeys.raterPromptHash] ?? ""
            )
        }
        guard let first = annotations.files.first else { return Teacher(kind: "unknown", model: "", promptHash: "") }
        let expected = teacher(first)
        if let other = annotations.files.first(where: { teacher($0) != expected }) {
            throw TrainingError.mixedTeachers(
                first: first.url.path,
                firstTeacher: expected.summary,
                other: other.url.path,
                otherTeacher: teacher(other).summary
            )
        }
        return expected
    }
}
