/// The program whose array tasks a submission runs, as its sbatch scripts name and call it: each task runs
/// `<executable> <nodeSubcommand…> "$key" --manifest <manifest>` for the node key of its index.
public struct SlurmProgram: Sendable, Equatable {
    /// Short name in job names (`<name>-L<level>-<stages>`), script comments and the tasks' messages.
    public var name: String
    /// Prefix of the environment variables the scripts read: `<prefix>_TASK_OFFSET` is the task offset of a chunk.
    public var environmentPrefix: String
    /// Script lines run before each task (comments, environment defaults), after `set -u`.
    public var preamble: [String]
    /// The words between the executable and the node key, e.g. `["node", "run"]`: plain words, written unquoted.
    public var nodeSubcommand: [String]

    /// Creates a program description.
    public init(name: String, environmentPrefix: String, preamble: [String] = [], nodeSubcommand: [String]) {
        self.name = name
        self.environmentPrefix = environmentPrefix
        self.preamble = preamble
        self.nodeSubcommand = nodeSubcommand
    }

    /// `<prefix>_TASK_OFFSET`: the index in a level's keys of a chunk's task 0.
    public var taskOffsetVariable: String { "\(environmentPrefix)_TASK_OFFSET" }
}
