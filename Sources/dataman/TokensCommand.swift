import ArgumentParser
import Foundation
import Shards
import Tokenizers

struct TokensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Count (or list) the tokens of every document with an exact LLM tokenizer.",
        discussion: """
            Prints one JSON line per document, {"doc_id":..,"tokens":..} (with --ids, also "ids":[..]), \
            in input order, and a final {"total":{..}} line with documents, bytes, tokens, the seconds \
            spent tokenizing, and the tokenizer's name and vocabulary hash. Runs on one thread, so its \
            figures compare directly with tiktoken's and Hugging Face tokenizers'.

            Examples:
              dataman tokens shards/code/go.jsonl.zst
              dataman tokens corpus.jsonl --tokenizer cl100k_base=cl100k_base.tiktoken --ids
              dataman tokens data/ --tokenizer path/to/tokenizer.json --text-field content
            """
    )

    @Argument(
        help: ArgumentHelp("Shard files or folders (JSONL, plain or compressed, or Parquet).", valueName: "inputs")
    )
    var inputs: [String]

    @Option(
        help: ArgumentHelp(
            "qwen2 (shipped), qwen2.5, qwen3, a tokenizer.json path, or NAME=PATH for a tiktoken file (cl100k_base, o200k_base, p50k_base, r50k_base).",
            valueName: "name|path"
        )
    )
    var tokenizer = TokenCounters.defaultReference

    @Option(
        help: ArgumentHelp(
            "The field (JSON key or Parquet column) holding the text; dots reach into objects.",
            valueName: "path"
        )
    )
    var textField = "text"

    @Option(help: ArgumentHelp("The field (JSON key or Parquet column) holding the document id.", valueName: "path"))
    var idField = "id"

    @Flag(help: "Print the token ids too.")
    var ids = false

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        logging.bootstrap()
        let tokenizer = try loadTokenizer(self.tokenizer)
        let fields = try FieldPaths(text: textField, id: idField)
        var output = StandardOutput()
        var documents = 0
        var bytes = 0
        var tokens = 0
        var seconds = 0.0
        for shard in try ShardListing.list(inputs.map { URL(fileURLWithPath: $0) }) {
            let reader = try shard.records(fields: fields)
            while let record = try reader.next() {
                guard case .document(let document) = record else { continue }
                let start = DispatchTime.now().uptimeNanoseconds
                let encoded = ids ? tokenizer.encode(document.text) : nil
                let count = encoded?.count ?? tokenizer.count(document.text)
                seconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                documents += 1
                bytes += document.text.utf8.count
                tokens += count
                var line = "{\"doc_id\":\(jsonString(document.id)),\"tokens\":\(count)"
                if let encoded { line += ",\"ids\":[" + encoded.map(String.init).joined(separator: ",") + "]" }
                output.write(line + "}\n")
            }
        }
        output.write(
            """
            {"total":{"documents":\(documents),"bytes":\(bytes),"tokens":\(tokens),"tokenize_seconds":\(seconds),\
            "tokenizer":\(jsonString(tokenizer.name)),"vocabulary_hash":\(jsonString(tokenizer.vocabularyHash))}}

            """
        )
        output.flush()
    }
}

/// Buffered stdout: one write(2) per 64 KB instead of per document.
struct StandardOutput {
    private var buffer: [UInt8] = []

    mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}

func jsonString(_ text: String) -> String {
    let data = try! JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])
    return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
}

func loadTokenizer(_ reference: String) throws -> Tokenizer {
    do { return try Tokenizer.load(reference) } catch let error as TokenizerError {
        throw ValidationError("--tokenizer \(reference): \(error.description)")
    }
}

func loadTokenCounter(_ reference: String) throws -> any TokenCounter {
    do { return try TokenCounters.load(reference) } catch let error as TokenizerError {
        throw ValidationError("--tokenizer \(reference): \(error.description)")
    }
}
