#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds added tokens (`<|endoftext|>`, `<s>`, ...) in raw text, leftmost first and longest at a
/// position, as Hugging Face `tokenizers` does before normalizing: the text between them is tokenized
/// normally and each match becomes its one id.
struct AddedTokenMatcher: Sendable {
    struct Token: Sendable {
        let content: [UInt8]
        let id: UInt32
    }

    /// Candidates per first byte, longest first.
    private let candidates: [[Token]]
    let isEmpty: Bool

    init(_ tokens: [Token]) {
        var candidates = [[Token]](repeating: [], count: 256)
        for token in tokens where !token.content.isEmpty {
            candidates[Int(token.content[0])].append(token)
        }
        self.candidates = candidates.map { $0.sorted { $0.content.count > $1.content.count } }
        isEmpty = tokens.allSatisfy { $0.content.isEmpty }
    }

    /// The first match at or after `start`: its byte range and id.
    func firstMatch(in text: UnsafeBufferPointer<UInt8>, from start: Int) -> (range: Range<Int>, id: UInt32)? {
        guard !isEmpty else { return nil }
        var index = start
        while index < text.count {
            let list = candidates[Int(text[index])]
            if !list.isEmpty {
                for token in list where token.content.count <= text.count - index {
                    let equal = token.content.withUnsafeBytes {
                        memcmp($0.baseAddress!, text.baseAddress! + index, token.content.count) == 0
                    }
                    if equal { return (index..<(index + token.content.count), token.id) }
                }
            }
            index += 1
        }
        return nil
    }
}
