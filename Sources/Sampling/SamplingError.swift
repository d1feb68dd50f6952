/// A sampling request that cannot be carried out as asked; the case says what kind of thing is wrong,
/// the message what to change.
public enum SamplingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An option's value the user can correct: a budget, a share, a count, a combination of options.
    case invalidOption(String)
    /// Files given to sample from that cannot be (a selection instead of annotations).
    case unusableInput(String)
    /// The annotation files changed between the two passes.
    case annotationsChanged(String)
    /// A histogram or part file of a multi-node run that cannot be used: not one, or made under another
    /// rule, plan or budget than the others.
    case unusablePart(String)
    /// A selected document that cannot be read back as it was annotated (its shard missing or changed).
    case documentUnavailable(String)
    /// A selection file that is not what `dataman sample` writes.
    case notASelection(String)
    /// The output folder cannot be prepared for the new mixture.
    case outputUnwritable(String)

    /// The user asked for something the options cannot give (as opposed to files that fail).
    public var isSettingToCorrect: Bool {
        switch self {
        case .invalidOption, .unusableInput: true
        case .annotationsChanged, .unusablePart, .documentUnavailable, .notASelection, .outputUnwritable: false
        }
    }

    public var message: String {
        switch self {
        case .invalidOption(let message), .unusableInput(let message), .annotationsChanged(let message),
            .unusablePart(let message), .documentUnavailable(let message), .notASelection(let message),
            .outputUnwritable(let message):
            message
        }
    }

    public var description: String { message }
}
