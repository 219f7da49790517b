/// An error of a pipeline stage (recorded as the node's failure reason).
public enum PipelineError: Error, CustomStringConvertible {
    /// The dataset could not be built, found or read.
    case dataset(String)
    /// A node's configuration or dependency is missing (a programming error of the graph builder).
    case missing(String)
    /// The scores could not be evaluated.
    case evaluation(String)

    /// The message.
    public var description: String {
        switch self {
        case .dataset(let message): return "dataset: \(message)"
        case .missing(let message): return message
        case .evaluation(let message): return "evaluation: \(message)"
        }
    }
}
