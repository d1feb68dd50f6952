import Codecs

// Public API. The first byte picks a codec whose magic is put in front of the rest, so every
// run exercises a decoder: zstd, lz4 frame, gzip. Decoding stops after 16 MiB of output.
struct MemorySource: ByteSource {
    let bytes: [UInt8]
    var position = 0
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - position)
        bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[position..<position + n])) }
        position += n
        return n
    }
}

let magics: [[UInt8]] = [[0x28, 0xB5, 0x2F, 0xFD], [0x04, 0x22, 0x4D, 0x18], [0x1F, 0x8B]]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecompressors(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 1 else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let magic = magics[Int(input[0]) % magics.count]
    let stream = input[1...].starts(with: magic) ? Array(input[1...]) : magic + input[1...]
    guard let source = try? DecompressingSource(upstream: MemorySource(bytes: stream), name: "fuzz", bufferSize: 4096) else { return 0 }
    var buffer = [UInt8](repeating: 0, count: 65_536)
    var total = 0
    while total < 16 << 20 {
        guard let n = try? buffer.withUnsafeMutableBytes({ try source.read(into: $0) }), n > 0 else { break }
        total += n
    }
    return 0
}
