// Compiled into the Shards module (it reaches the internal JSONFieldExtractor).
// Any bytes as one JSONL line: the extractor must answer fields or a failure, never crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONFieldExtraction(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let fields = try! FieldPaths(text: "text", id: "id", source: "meta.source")
    let extractor = JSONFieldExtractor(fields: fields)
    switch extractor.extract(UnsafeRawBufferPointer(start: data, count: size)) {
    case .fields(_, let text, _): precondition(text.utf8.count <= size * 4)
    case .failure(let reason, _): precondition(!reason.isEmpty)
    }
    return 0
}
