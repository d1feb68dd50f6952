import Annotations

// Public API. Any text as a --where expression: a parsed filter or an ExpressionError, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWhereParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? RowFilter(parsing: text)
    return 0
}
