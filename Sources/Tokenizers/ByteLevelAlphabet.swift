/// GPT-2's `bytes_to_unicode`: byte-level BPE vocabularies spell each byte as one printable scalar
/// (printable Latin-1 bytes as themselves, the other 68 bytes as U+0100 onwards) so tokens are strings.
enum ByteLevelAlphabet {
    /// The scalar that spells each byte.
    static let scalarForByte: [UInt32] = {
        var printable = [Bool](repeating: false, count: 256)
        for byte in 0x21...0x7E { printable[byte] = true }
        for byte in 0xA1...0xAC { printable[byte] = true }
        for byte in 0xAE...0xFF { printable[byte] = true }
        var next: UInt32 = 256
        return (0..<256).map { byte in
            if printable[byte] { return UInt32(byte) }
            defer { next += 1 }
            return next
        }
    }()

    /// The byte a scalar spells, or nil for a scalar outside the alphabet.
    static func byte(for scalar: UInt32) -> UInt8? {
        if scalar < 256 {
            return scalarForByte[Int(scalar)] == scalar ? UInt8(scalar) : nil
        }
        guard scalar < 256 + 68 else { return nil }
        return byteForExtendedScalar[Int(scalar - 256)]
    }

    private static let byteForExtendedScalar: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 68)
        for (byte, scalar) in scalarForByte.enumerated() where scalar >= 256 {
            table[Int(scalar - 256)] = UInt8(byte)
        }
        return table
    }()

    /// The raw bytes a token string spells, or nil when one of its scalars is outside the alphabet.
    static func bytes(spelledBy token: [UInt8]) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(token.count)
        for scalar in String(decoding: token, as: UTF8.self).unicodeScalars {
            guard let byte = byte(for: scalar.value) else { return nil }
            result.append(byte)
        }
        return result
    }

    /// The token string (UTF-8) that spells `bytes`.
    static func spelling(of bytes: [UInt8]) -> [UInt8] {
        var scalars = String.UnicodeScalarView()
        for byte in bytes { scalars.append(Unicode.Scalar(scalarForByte[Int(byte)])!) }
        return Array(String(scalars).utf8)
    }
}
