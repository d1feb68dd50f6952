/// Why training shards could not be written.
public enum TrainingShardsError: Error, Sendable, CustomStringConvertible, Equatable {
    /// An option's value that cannot work (`--shard-tokens 0`, an end-of-text token the tokenizer lacks).
    case invalidOption(String)
    /// A spill file read back differs from what was written: the disk or another process changed it.
    case corruptSpill(path: String, detail: String)

    /// Whether the user corrects it on the command line (exit status 2).
    public var isSettingToCorrect: Bool {
        if case .invalidOption = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .invalidOption(let message): message
        case .corruptSpill(let path, let detail): "\(path): \(detail); delete it and rerun"
        }
    }
}
