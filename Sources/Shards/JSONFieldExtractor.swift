/// The outcome of reading one line's fields.
enum Extraction {
    case fields(id: String?, text: String, source: String?)
    /// `id` is kept when it was read before the problem showed.
    case failure(reason: String, id: String?)
}

/// Pulls the requested fields out of JSONL lines, reusing its buffers from line to line.
final class JSONFieldExtractor {
    private let paths: [[[UInt8]]]
    private let textPath: String
    /// Decoded string bytes; sized to the longest line so far (a string never decodes to more than its line).
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity: Int
    private var containers: [UInt8] = []

    init(fields: FieldPaths) {
        paths = fields.componentBytes
        textPath = fields.text
        scratchCapacity = 1 << 16
        scratch = .allocate(capacity: scratchCapacity)
    }

    deinit { scratch.deallocate() }

    /// `line` holds no line terminator and is not blank.
    func extract(_ line: UnsafeRawBufferPointer) -> Extraction {
        reserveScratch(line.count)
        var parser = LineParser(line: line, paths: paths, scratch: scratch, containers: take(&containers))
        defer { containers = parser.containers }
        do {
            try parser.parseLine()
        } catch {
            return .failure(reason: error.reason, id: Self.idText(parser.found.id))
        }
        guard case .string(let text) = parser.found.text else {
            return .failure(reason: "no string field '\(textPath)'", id: Self.idText(parser.found.id))
        }
        let source: String? = if case .string(let source) = parser.found.source { source } else { nil }
        return .fields(id: Self.idText(parser.found.id), text: text, source: source)
    }

    /// An id is a string or a number as written; anything else counts as absent.
    private static func idText(_ value: FoundValue) -> String? {
        switch value {
        case .string(let text), .number(let text): text
        case .missing, .other: nil
        }
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
