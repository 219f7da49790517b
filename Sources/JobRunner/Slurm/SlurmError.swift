/// Errors of the Slurm executor; each names the file, command or node concerned.
public enum SlurmError: Error, CustomStringConvertible, Equatable {
    /// A Slurm command could not be started or exited non-zero.
    case command(String, status: Int32, output: String)
    /// Output of a Slurm command that could not be read.
    case unexpectedOutput(String, output: String)
    /// A manifest or keys file that cannot be read.
    case manifest(path: String, message: String)
    /// The node key is not in the submission's graph.
    case unknownNode(String)
    /// A dependency of the node to run is not complete in the cache.
    case dependencyIncomplete(node: String, dependency: String)
    /// An option value that Slurm would reject.
    case invalidOption(String)
    /// The plan pipeline is not available in this build.
    case pipelineUnavailable(String)
    /// Jobs of an earlier submission are still queued or running.
    case stillQueued(submission: String, jobs: [String])

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .command(let command, let status, let output):
            return "'\(command)' failed (exit \(status))" + (output.isEmpty ? "" : ": \(output)")
        case .unexpectedOutput(let command, let output): return "unexpected output of '\(command)': \(output)"
        case .manifest(let path, let message): return "\(path): \(message)"
        case .unknownNode(let key): return "node \(key) is not in the submission's plan"
        case .dependencyIncomplete(let node, let dependency):
            return "node \(node): dependency \(dependency) is not complete in the cache"
        case .invalidOption(let message): return message
        case .pipelineUnavailable(let message): return message
        case .stillQueued(let submission, let jobs):
            return "submission \(submission) still has jobs queued or running (\(jobs.joined(separator: ", "))): "
                + "wait for them or scancel them first"
        }
    }
}
