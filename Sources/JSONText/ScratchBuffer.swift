/// Memory the pull reader decodes strings into, freed with the last reader that shares it.
final class ScratchBuffer {
    let pointer: UnsafeMutablePointer<UInt8>

    init(capacity: Int) {
        pointer = .allocate(capacity: max(capacity, 1))
    }

    deinit { pointer.deallocate() }
}
