import CXXHash
import Foundation

/// Extra top-level fields for every request body (`--extra-body`), such as a grammar or a guided
/// decoding regex that constrains a server's output to DataMan's format. Fields the engine sets
/// itself are refused, so the request the reference defines is never silently changed.
public struct DataManExtraBody: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public var key: String
        /// The value as compact JSON text.
        public var json: String
    }

    public static let engineKeys: Set<String> = ["model", "prompt", "messages", "temperature", "max_tokens", "stop"]

    /// In key order, so equal options give equal request bytes.
    public let fields: [Field]

    public init() { fields = [] }

    /// Parses a JSON object such as `{"grammar": "root ::= ..."}`.
    public init(json text: String) throws {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            throw DataManError.configuration(
                "--extra-body is not valid JSON (\(error.localizedDescription)); give an object such as '{\"grammar\": \"root ::= ...\"}'"
            )
        }
        guard let dictionary = object as? [String: Any] else {
            throw DataManError.configuration(
                "--extra-body must be a JSON object such as '{\"grammar\": \"root ::= ...\"}'"
            )
        }
        let refused = dictionary.keys.filter(Self.engineKeys.contains).sorted()
        guard refused.isEmpty else {
            throw DataManError.configuration(
                "--extra-body cannot set \(refused.joined(separator: ", ")): the engine sets these fields as the DataMan reference defines them"
            )
        }
        fields = try dictionary.keys.sorted().map { key in
            let value = try JSONSerialization.data(
                withJSONObject: dictionary[key]!,
                options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes]
            )
            return Field(key: key, json: String(decoding: value, as: UTF8.self))
        }
    }

    /// For provenance: the added keys and an XXH3-64 of their values, short enough for a fingerprint.
    public var summary: String {
        guard !fields.isEmpty else { return "" }
        let values = Array(fields.map(\.json).joined(separator: "\u{0}").utf8)
        let hash = values.withUnsafeBytes { XXH3_64bits($0.baseAddress, $0.count) }
        return fields.map(\.key).joined(separator: "+") + ":" + String(hash, radix: 16)
    }
}
