/// Where the encoder puts token ids: counting and collecting share one specialized encoder.
protocol TokenSink {
    mutating func append(_ id: UInt32)
    mutating func append(contentsOf ids: UnsafeBufferPointer<UInt32>)
    mutating func append(contentsOf ids: ArraySlice<UInt32>)
}

struct CountingSink: TokenSink {
    var count = 0

    @inline(__always) mutating func append(_ id: UInt32) { count += 1 }
    @inline(__always) mutating func append(contentsOf ids: UnsafeBufferPointer<UInt32>) { count += ids.count }
    @inline(__always) mutating func append(contentsOf ids: ArraySlice<UInt32>) { count += ids.count }
}

struct CollectingSink: TokenSink {
    var ids: [Int] = []

    @inline(__always) mutating func append(_ id: UInt32) { ids.append(Int(id)) }
    @inline(__always) mutating func append(contentsOf ids: UnsafeBufferPointer<UInt32>) {
        for id in ids { self.ids.append(Int(id)) }
    }
    @inline(__always) mutating func append(contentsOf ids: ArraySlice<UInt32>) {
        for id in ids { self.ids.append(Int(id)) }
    }
}
