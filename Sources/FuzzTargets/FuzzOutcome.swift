/// How one input ended in a reader: a value, or a thrown error. An error is *named* when its type belongs to
/// the project (a `VideoDataError`, `CheckpointError`, `ScoreTableError`, `CSVError`, `SourceError`, …: the
/// types whose messages name the file); a bare Foundation or Swift error (`DecodingError`, `CocoaError`) is not
/// what a user should see, so the fuzz driver treats it as a failure like a trap.
public enum FuzzOutcome: Sendable {
    /// The reader returned a value.
    case value
    /// The reader threw a project error; the text is its description.
    case rejected(String)
    /// The reader threw an error of a type outside the project (type name and description).
    case unnamedError(String)

    /// Modules whose error types count as named.
    static let projectModules = ["VideoData.", "NN.", "TensorCore.", "Metrics.", "F2LM.", "Experiments.", "YAML.", "JobRunner.",
                                 "CSV.", "Report.", "TensorBoard.", "FuzzTargets."]

    /// Classifies `error`.
    public init(error: any Error) {
        let type = String(reflecting: Swift.type(of: error))
        if FuzzOutcome.projectModules.contains(where: { type.hasPrefix($0) }) {
            self = .rejected(String(describing: error))
        } else {
            self = .unnamedError("\(type): \(error)")
        }
    }
}
