/// The outcome of reading one line's fields.
public enum Extraction: Sendable {
    /// The values at the requested paths, in the order they were requested.
    case values([FoundValue])
    /// The line is not one JSON object; `found` holds what was read before the problem showed.
    case failure(reason: String, found: [FoundValue])
}

/// The fast field extractor for JSONL lines: checks that each line is exactly one JSON object and pulls out the
/// values at any number of dotted paths, reusing its buffers from line to line. One instance serves one reader.
public final class JSONFieldExtractor {
    private let paths: PathTrie
    private let pathCount: Int
    /// Decoded string bytes; sized to the longest line so far (a string never decodes to more than its line).
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity: Int
    private var containers: [UInt8] = []

    public init(paths: [FieldPath]) {
        self.paths = PathTrie(paths)
        pathCount = paths.count
        scratchCapacity = 1 << 16
        scratch = .allocate(capacity: scratchCapacity)
    }

    deinit { scratch.deallocate() }

    /// `line` holds no line terminator.
    public func extract(_ line: UnsafeRawBufferPointer) -> Extraction {
        reserveScratch(line.count)
        // An empty buffer may have no address; any valid one does for zero bytes.
        let bytes = line.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(scratch)
        var parser = LineParser(
            scanner: JSONScanner(bytes: bytes, count: line.count, scratch: scratch),
            paths: paths,
            containers: take(&containers),
            found: Array(repeating: .missing, count: pathCount)
        )
        defer { containers = parser.containers }
        do {
            try parser.parseLine()
        } catch {
            return .failure(reason: error.reason, found: parser.found)
        }
        return .values(parser.found)
    }

    /// The same, for a line held in an array.
    public func extract(_ line: [UInt8]) -> Extraction {
        line.withUnsafeBytes { extract($0) }
    }

    /// Grows the scratch for a longer line, and gives memory back after a very long one has passed.
    private func reserveScratch(_ count: Int) {
        let usual = 1 << 22
        guard count > scratchCapacity || (scratchCapacity > usual && count <= usual) else { return }
        scratch.deallocate()
        scratchCapacity = max(count, 1 << 16)
        scratch = .allocate(capacity: scratchCapacity)
    }

    /// Moves the buffer out so the parser holds the only reference and can grow it in place.
    private func take(_ buffer: inout [UInt8]) -> [UInt8] {
        let taken = buffer
        buffer = []
        return taken
    }
}
