// Compiled into the Tokenizers module (the loaders are internal), with support/bundle-module.swift.

// The first byte picks the loader: a tokenizer.json or a tiktoken ranks file; the rest is the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenizerFiles(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let bytes = UnsafeBufferPointer(start: data + 1, count: size - 1)
    if data[0] & 1 == 0 {
        _ = try? HuggingFaceTokenizerFile.load(bytes, file: "fuzz.json")
    } else {
        _ = try? TiktokenFile.load(bytes, file: "fuzz.tiktoken", encoding: .cl100kBase)
    }
    return 0
}
