// Compiled into the JSONText module with the field extractor that reads shard lines.
// Any bytes as one JSONL line: the extractor must answer values or a failure, never crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONFieldExtraction(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let extractor = JSONFieldExtractor(paths: ["text", "id", "meta.source"].map { FieldPath($0)! })
    switch extractor.extract(UnsafeRawBufferPointer(start: data, count: size)) {
    case .values(let values):
        precondition(values.count == 3)
        if case .string(let text) = values[0] { precondition(text.utf8.count <= size * 4) }
    case .failure(let reason, _): precondition(!reason.isEmpty)
    }
    return 0
}
