import Criteria
import Foundation
import Tokenizers

/// Which of DataMan's requests to send: the released models' three (`all_rating`, `score_only`,
/// `domain_only`) or the GPT "super rater" prompt for frontier models.
public enum DataManPromptKind: String, Sendable, CaseIterable {
    case allRating = "all_rating"
    case scoreOnly = "score_only"
    case domainOnly = "domain_only"
    case superRater = "super"

    /// `max_tokens` of the reference: 15 short lines for all_rating, one token for the single answers,
    /// and room for the frontier model's step-by-step reasoning.
    public var maxTokens: Int {
        switch self {
        case .allRating: 29
        case .scoreOnly, .domainOnly: 1
        case .superRater: 4096
        }
    }

    /// The file name under `criteria/prompts/` without the language suffix.
    var templateName: String { rawValue }
    var systemFile: String { self == .superRater ? "prompts/super_system.txt" : "prompts/chat_system.txt" }
}

/// The prompt language: the released models come in English and Chinese variants with different
/// templates and truncation limits; `auto` picks per document from its script.
public enum DataManLanguage: String, Sendable, CaseIterable {
    case en, zh, auto
}

/// Which OpenAI-compatible route carries the request.
public enum DataManAPI: String, Sendable, CaseIterable {
    /// `/v1/completions` with the ChatML prompt built here, so the bytes the model sees are ours.
    case completions
    /// `/v1/chat/completions` with system and user messages; the server applies the chat template.
    case chat
}

/// Builds DataMan request bodies exactly as the reference facts (§3, §4) describe them.
public struct DataManRequestBuilder: Sendable {
    public let kind: DataManPromptKind
    public let api: DataManAPI
    public let model: String
    /// Fields added to every body after the engine's own, e.g. a llama.cpp `grammar` or vLLM
    /// `guided_regex`: each value is kept as the JSON text it was given.
    public let extraBody: DataManExtraBody
    let system: String
    let templates: [DataManLanguage: (head: String, tail: String)]
    let tokenizer: Tokenizer

    public static let stopTokens = ["<|endoftext|>", "<|im_end|>"]

    public init(
        kind: DataManPromptKind,
        api: DataManAPI,
        model: String,
        criteria: CriteriaSet,
        tokenizer: Tokenizer,
        extraBody: DataManExtraBody = DataManExtraBody()
    ) throws {
        self.kind = kind
        self.extraBody = extraBody
        self.api = api
        self.model = model
        self.tokenizer = tokenizer
        system = try criteria.text(kind.systemFile)
        var templates: [DataManLanguage: (head: String, tail: String)] = [:]
        // The super-rater prompt and domain_only exist in English only; Chinese documents use them too.
        for language in [DataManLanguage.en, .zh] {
            let file = "prompts/\(kind.templateName).\(language.rawValue).txt"
            let name =
                FileManager.default.fileExists(atPath: criteria.directory.appendingPathComponent(file).path)
                ? language : .en
            let template = try criteria.promptTemplate(kind.templateName, language: name.rawValue)
            guard let range = template.range(of: "{text}") else {
                throw DataManError.configuration(
                    "\(criteria.directory.path)/\(file): the template has no {text} placeholder"
                )
            }
            templates[language] = (String(template[..<range.lowerBound]), String(template[range.upperBound...]))
        }
        self.templates = templates
    }

    /// The text as the model sees it: cleaned and truncated as the reference annotator does
    /// (the super rater keeps the first and last 947 tokens with no marker between them).
    public func prepare(_ text: String, language resolved: DataManLanguage) -> String {
        switch kind {
        case .superRater:
            let ids = tokenizer.encode(text)
            guard ids.count > 1_894 else { return text }
            return tokenizer.decode(Array(ids[..<947]) + Array(ids[(ids.count - 947)...]))
        default:
            return (resolved == .zh ? DataManTruncation.chinese : .english).prepare(text, with: tokenizer)
        }
    }

    /// The user message: the template with `{text}` replaced by the prepared text.
    public func request(forPrepared text: String, language: DataManLanguage) -> String {
        let parts = templates[language == .zh ? .zh : .en]!
        return parts.head + text + parts.tail
    }

    /// The Qwen2 chat template applied to the system and user messages, ending where the
    /// assistant's answer starts.
    public func chatMLPrompt(request: String) -> String {
        "<|im_start|>system\n\(system)<|im_end|>\n<|im_start|>user\n\(request)<|im_end|>\n<|im_start|>assistant\n"
    }

    /// The JSON body for the chosen route, with keys in a fixed order so equal inputs give equal bytes.
    public func body(request: String) -> [UInt8] {
        var json = JSONWriter()
        json.open()
        json.key("model")
        json.string(model)
        switch api {
        case .completions:
            json.key("prompt")
            json.string(chatMLPrompt(request: request))
        case .chat:
            json.key("messages")
            json.raw("[")
            json.raw("{\"role\":\"system\",\"content\":")
            json.string(system)
            json.raw("},")
            json.raw("{\"role\":\"user\",\"content\":")
            json.string(request)
            json.raw("}")
            json.raw("]")
        }
        json.key("temperature")
        json.raw("0")
        json.key("max_tokens")
        json.raw(String(kind.maxTokens))
        json.key("stop")
        json.raw("[")
        for (index, stop) in Self.stopTokens.enumerated() {
            if index > 0 { json.raw(",") }
            json.string(stop)
        }
        json.raw("]")
        for field in extraBody.fields {
            json.key(field.key)
            json.raw(field.json)
        }
        json.close()
        return json.bytes
    }

    /// The route below the endpoint's `/v1`.
    public var path: String { api == .completions ? "/completions" : "/chat/completions" }

    /// `auto` becomes the document's language; `en` and `zh` stay.
    public static func resolve(_ language: DataManLanguage, for text: String) -> DataManLanguage {
        language == .auto ? detectLanguage(text) : language
    }

    /// Chinese when more than a third of the letters are CJK ideographs.
    static func detectLanguage(_ text: String) -> DataManLanguage {
        var letters = 0
        var han = 0
        for scalar in text.unicodeScalars.prefix(4_096) where scalar.properties.isAlphabetic {
            letters += 1
            if (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value) { han += 1 }
        }
        return letters > 0 && han * 3 > letters ? .zh : .en
    }
}
