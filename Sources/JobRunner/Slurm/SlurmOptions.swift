/// The sbatch options a submission passes through to every job array.
public struct SlurmOptions: Sendable, Codable, Equatable {
    /// `--partition`; nil for the cluster's default partition.
    public var partition: String?
    /// `--time` (e.g. `2:00:00`); nil for the partition's default.
    public var time: String?
    /// `--cpus-per-task`; also the BLAS threads each node uses.
    public var cpusPerTask: Int?
    /// `--mem` (e.g. `8G`).
    public var memory: String?
    /// The `%K` suffix of `--array`: at most K tasks of one array run at once.
    public var arrayLimit: Int?
    /// Further sbatch arguments, one per element (e.g. `--account=abc`, `--gres=gpu:1`).
    public var extraArguments: [String]

    /// Creates options.
    public init(partition: String? = nil, time: String? = nil, cpusPerTask: Int? = nil, memory: String? = nil,
                arrayLimit: Int? = nil, extraArguments: [String] = []) {
        self.partition = partition
        self.time = time
        self.cpusPerTask = cpusPerTask
        self.memory = memory
        self.arrayLimit = arrayLimit
        self.extraArguments = extraArguments
    }

    /// Throws `SlurmError.invalidOption` for values sbatch would reject (non-positive counts, blanks, newlines).
    public func validate() throws {
        if let cpus = cpusPerTask, cpus < 1 { throw SlurmError.invalidOption("--cpus-per-task must be at least 1, got \(cpus)") }
        if let limit = arrayLimit, limit < 1 { throw SlurmError.invalidOption("--array-limit must be at least 1, got \(limit)") }
        for (name, value) in [("--partition", partition), ("--time", time), ("--mem", memory)] {
            if let value, value.isEmpty || value.contains(where: { $0.isWhitespace }) {
                throw SlurmError.invalidOption("\(name): '\(value)' is empty or contains blanks")
            }
        }
        for argument in extraArguments where argument.contains("\n") || !argument.hasPrefix("-") {
            throw SlurmError.invalidOption("--sbatch-arg: '\(argument)' must be one sbatch option starting with '-'")
        }
    }

    /// The `#SBATCH` directives for these options (partition, time, cpus, memory, extra arguments), in that order.
    public var directives: [String] {
        var lines: [String] = []
        if let partition { lines.append("--partition=\(partition)") }
        if let time { lines.append("--time=\(time)") }
        if let cpusPerTask { lines.append("--cpus-per-task=\(cpusPerTask)") }
        if let memory { lines.append("--mem=\(memory)") }
        lines += extraArguments
        return lines
    }
}
