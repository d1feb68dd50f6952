import Codecs

// Compiled into the Shards module (it reaches the internal LineFramer). Any bytes, plain or with a
// compression magic, framed with a small --max-line-bytes: lines, too-long markers or a thrown
// error, never a crash; the output is capped so a bomb is a finished run, not a hang.
struct MemorySource: ByteSource {
    let bytes: [UInt8]
    var position = 0
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - position)
        buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes.withUnsafeBytes { $0 }[position..<position + n]))
        position += n
        return n
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLineFraming(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let source = try? DecompressingSource(upstream: MemorySource(bytes: bytes), name: "fuzz", bufferSize: 4096) else { return 0 }
    let framer = LineFramer(source: source, maxLineBytes: 64)
    var seen = 0
    while seen < 1 << 20, let line = try? framer.next() {
        switch line {
        case .line(let content, _, _): precondition(content.count <= 64); seen += content.count + 1
        case .tooLong(_, let length, _): seen += Int(length) + 1
        }
    }
    return 0
}
