/// Why a model file cannot be used; never a crash, whatever the bytes.
public enum ModelFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    /// Another program's file: it does not start with the model magic bytes.
    case notAModel(path: String)
    /// Shorter than its own header says: an interrupted copy or download.
    case truncated(path: String, size: Int, expected: Int)
    /// Written by a newer DataMan whose format this one does not know.
    case newerVersion(path: String, version: UInt32, supported: UInt32)
    /// The bytes do not hold what the header says (checksum, sizes, JSON, compression).
    case corrupt(path: String, detail: String)
    /// A sound model whose heads do not match the criteria it would rate with.
    case incompatible(path: String, detail: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): cannot read the model: \(reason)"
        case .notAModel(let path):
            "\(path): not a DataMan model (it does not start with \(ModelFile.magicText)); train one with dataman train"
        case .truncated(let path, let size, let expected):
            "\(path): the model file is truncated (\(size) bytes, \(expected) expected); copy or train it again"
        case .newerVersion(let path, let version, let supported):
            "\(path): model format version \(version) is newer than this dataman reads (\(supported)); update dataman"
        case .corrupt(let path, let detail): "\(path): the model file is damaged: \(detail)"
        case .incompatible(let path, let detail): "\(path): \(detail)"
        }
    }
}
