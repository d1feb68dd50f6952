import Foundation
import Testing
import Tokenizers

/// Our ids against the reference implementations (Hugging Face `tokenizers`, `tiktoken`) on a stratified
/// sample of real documents plus synthetic hard cases, as produced by scripts/parity/tokenizer_parity.py.
/// Fails when Python or its packages are missing, unless DATAMAN_SKIP_INTEROP=1.
@Suite struct ParityTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(.enabled(if: ProcessInfo.processInfo.environment["DATAMAN_SKIP_INTEROP"] != "1", "DATAMAN_SKIP_INTEROP=1"))
    func idsDecodingAndDataManTruncationMatchTheReferences() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tokenizer-parity-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("parity.bin")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Self.repository.appendingPathComponent("scripts/parity/tokenizer_parity.py").path,
            output.path, "--docs", "3000",
        ]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(
            process.terminationStatus == 0,
            """
            \(message)
            scripts/parity/tokenizer_parity.py failed: run scripts/setup.sh (tokenizers, tiktoken) \
            or set DATAMAN_SKIP_INTEROP=1
            """
        )

        let expected = try ParityFile(Data(contentsOf: output))
        #expect(expected.documents.count > 3000)
        for (index, reference) in expected.tokenizers.enumerated() {
            let tokenizer = try Tokenizer.load(reference.swiftReference)
            var compared = 0
            var mismatches: [String] = []
            for document in expected.documents {
                guard let ids = document.ids[index] else { continue }
                compared += 1
                let ours = tokenizer.encode(utf8: document.bytes)
                if ours != ids {
                    mismatches.append(describeMismatch(document.bytes, ours, ids))
                    continue
                }
                let cut = document.cuts[index]
                let decoded = tokenizer.decode(Array(ids[..<cut.count]))
                if Array(decoded.utf8) != cut.text {
                    mismatches.append(
                        "decode of \(cut.count) ids: ours \(decoded.debugDescription.prefix(200)) "
                            + "reference \(String(decoding: cut.text, as: UTF8.self).debugDescription.prefix(200))"
                    )
                }
            }
            #expect(compared > 400)
            #expect(
                mismatches.isEmpty,
                "\(reference.name): \(mismatches.count) of \(compared) documents differ, first: \(mismatches.prefix(3))"
            )
        }

        let qwen2 = try Tokenizer.named("qwen2")
        let llama2 = try Tokenizer.load(expected.tokenizers.first { $0.name == "llama2" }!.swiftReference)
        var truncationMismatches: [String] = []
        for truncation in expected.truncations {
            let rule: DataManTruncation = truncation.preset == 0 ? .english : .chinese
            let prepared = rule.prepare(truncation.text, with: qwen2)
            if Array(prepared.utf8) != truncation.prepared {
                truncationMismatches.append(
                    "text of \(truncation.text.utf8.count) bytes: ours \(prepared.debugDescription.prefix(120))"
                )
            } else if llama2.count(prepared) != truncation.llama2Length {
                truncationMismatches.append("Llama-2 length \(llama2.count(prepared)) != \(truncation.llama2Length)")
            }
        }
        #expect(expected.truncations.count > 50)
        #expect(
            truncationMismatches.isEmpty,
            "\(truncationMismatches.count) prepared texts differ: \(truncationMismatches.prefix(3))"
        )
    }

    private func describeMismatch(_ bytes: [UInt8], _ ours: [Int], _ reference: [Int]) -> String {
        let first =
            zip(ours, reference).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(ours.count, reference.count)
        let text = String(decoding: bytes, as: UTF8.self)
        return
            "document \(text.prefix(60).debugDescription) (\(bytes.count) bytes): first difference at token \(first): "
            + "ours \(ours[first..<min(first + 6, ours.count)]) reference \(reference[first..<min(first + 6, reference.count)])"
    }
}

/// The little-endian file tokenizer_parity.py writes (its docstring has the layout).
struct ParityFile {
    struct Reference {
        let name: String
        let swiftReference: String
    }

    struct Document {
        let bytes: [UInt8]
        /// Per tokenizer; nil where the reference was not computed.
        var ids: [[Int]?] = []
        var cuts: [(count: Int, text: [UInt8])] = []
    }

    struct Truncation {
        let text: String
        let preset: UInt8
        let prepared: [UInt8]
        let llama2Length: Int
    }

    var tokenizers: [Reference] = []
    var documents: [Document] = []
    var truncations: [Truncation] = []

    init(_ data: Data) throws {
        var reader = BinaryReader(bytes: [UInt8](data))
        guard try reader.bytes(4) == Array("DMTP".utf8), try reader.u32() == 1 else {
            throw BinaryReader.Failure.format
        }
        for _ in 0..<(try reader.u32()) {
            let name = String(decoding: try reader.bytes(Int(try reader.u16())), as: UTF8.self)
            let swiftReference = String(decoding: try reader.bytes(Int(try reader.u16())), as: UTF8.self)
            tokenizers.append(Reference(name: name, swiftReference: swiftReference))
        }
        for _ in 0..<(try reader.u32()) {
            var document = Document(bytes: try reader.bytes(Int(try reader.u32())))
            for _ in tokenizers {
                let count = try reader.u32()
                if count == 0xFFFF_FFFF {
                    document.ids.append(nil)
                    document.cuts.append((0, []))
                    continue
                }
                document.ids.append(try (0..<count).map { _ in Int(try reader.u32()) })
                let cut = Int(try reader.u32())
                document.cuts.append((cut, try reader.bytes(Int(try reader.u32()))))
            }
            documents.append(document)
        }
        for _ in 0..<(try reader.u32()) {
            let text = String(decoding: try reader.bytes(Int(try reader.u32())), as: UTF8.self)
            let preset = try reader.bytes(1)[0]
            let prepared = try reader.bytes(Int(try reader.u32()))
            truncations.append(
                Truncation(text: text, preset: preset, prepared: prepared, llama2Length: Int(try reader.u32()))
            )
        }
    }
}

struct BinaryReader {
    enum Failure: Error { case truncated, format }

    let bytes: [UInt8]
    var offset = 0

    mutating func bytes(_ count: Int) throws -> [UInt8] {
        guard offset + count <= bytes.count else { throw Failure.truncated }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func u16() throws -> UInt16 {
        let raw = try bytes(2)
        return UInt16(raw[0]) | UInt16(raw[1]) << 8
    }

    mutating func u32() throws -> UInt32 {
        guard offset + 4 <= bytes.count else { throw Failure.truncated }
        defer { offset += 4 }
        return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(
            bytes[offset + 3]
        ) << 24
    }
}
