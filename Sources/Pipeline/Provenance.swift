import Annotations
import Criteria
import Foundation
import Rating
import Tokenizers

/// Everything an annotation depends on besides its input. Two runs whose fingerprints differ
/// would write incompatible annotations, so resuming across them is refused unless forced.
public struct RunFingerprint: Codable, Sendable, Equatable {
    public var rater: RaterDescriptor
    public var tokenizer: String
    public var tokenizerHash: String
    public var criteriaVersion: String
    public var schemaVersion: String
    public var textField: String
    public var idField: String
    public var sourceField: String?

    /// The differences from `other`, in words, for the refusal message.
    public func differences(from other: RunFingerprint) -> [String] {
        var out: [String] = []
        func note(_ what: String, _ mine: String, _ theirs: String) {
            if mine != theirs { out.append("\(what): \(theirs) there, \(mine) now") }
        }
        note(
            "rater",
            "\(rater.kind)/\(rater.model)/\(rater.promptHash)",
            "\(other.rater.kind)/\(other.rater.model)/\(other.rater.promptHash)"
        )
        note("tokenizer", "\(tokenizer) \(tokenizerHash)", "\(other.tokenizer) \(other.tokenizerHash)")
        note("criteria version", criteriaVersion, other.criteriaVersion)
        note("schema version", schemaVersion, other.schemaVersion)
        note("text field", textField, other.textField)
        note("id field", idField, other.idField)
        note("source field", sourceField ?? "-", other.sourceField ?? "-")
        return out
    }
}

/// The engine's version: in every annotation file's provenance and in `dataman --version`;
/// scripts/release.sh names the tarball and the wheel after it (it reads it from this line).
public enum Engine {
    public static let version = "0.1.0"
}

/// The key-value metadata of an annotation file.
enum Provenance {
    static let createdBy = "dataman version \(Engine.version)"

    struct Input {
        var relativePath: String
        var size: Int64
        /// Of the whole file; nil for a piece, which reads only part of it.
        var xxh3: UInt64?
        /// The piece's lines (0-based), nil for a whole shard.
        var lines: Range<Int64>?
    }

    static func metadata(
        fingerprint: RunFingerprint,
        input: Input,
        rows: Int,
        errors: Int
    ) -> [(key: String, value: String)] {
        var entries: [(key: String, value: String)] = [
            ("dataman.engine_version", Engine.version),
            ("dataman.schema_version", fingerprint.schemaVersion),
            ("dataman.criteria_version", fingerprint.criteriaVersion),
            ("dataman.rater.kind", fingerprint.rater.kind),
            ("dataman.rater.model", fingerprint.rater.model),
            ("dataman.rater.prompt_hash", fingerprint.rater.promptHash),
            ("dataman.tokenizer", fingerprint.tokenizer),
            ("dataman.tokenizer_hash", fingerprint.tokenizerHash),
            ("dataman.text_field", fingerprint.textField),
            ("dataman.id_field", fingerprint.idField),
            ("dataman.source_field", fingerprint.sourceField ?? ""),
            ("dataman.input.path", input.relativePath),
            ("dataman.input.size", String(input.size)),
        ]
        if let xxh3 = input.xxh3 { entries.append(("dataman.input.xxh3", String(format: "%016llx", xxh3))) }
        if let lines = input.lines {
            entries.append((AnnotationMetadataKeys.inputLines, "\(lines.lowerBound)-\(lines.upperBound)"))
        }
        entries += [
            ("dataman.rows", String(rows)),
            ("dataman.errors", String(errors)),
            ("dataman.created", ISO8601DateFormatter().string(from: Date())),
        ]
        return entries
    }
}
