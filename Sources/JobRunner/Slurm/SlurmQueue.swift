import Foundation

/// The state of one array task as Slurm reports it (from `squeue` or `sacct`).
public struct SlurmTaskState: Sendable, Equatable {
    /// Array job id.
    public var job: String
    /// Task id within the array.
    public var task: Int
    /// Slurm state name: PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, OUT_OF_MEMORY, NODE_FAIL…
    public var state: String
    /// squeue's reason (e.g. `Dependency`, `DependencyNeverSatisfied`) or sacct's exit code; may be empty.
    public var detail: String

    /// Creates a task state.
    public init(job: String, task: Int, state: String, detail: String = "") {
        self.job = job
        self.task = task
        self.state = state
        self.detail = detail
    }

    /// `<job>_<task>`, the id `scancel` and the log file name use.
    public var id: String { "\(job)_\(task)" }

    /// True for states of a task still in the queue (pending, configuring, running, completing, suspended…).
    public var isActive: Bool {
        ["PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED", "REQUEUED", "RESIZING", "STAGE_OUT",
         "SIGNALING", "REQUEUE_HOLD", "REQUEUE_FED"].contains(state)
    }

    /// True for states of a task that ended without success.
    public var isFailure: Bool {
        ["FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "BOOT_FAIL", "DEADLINE", "PREEMPTED"].contains(state)
    }
}

/// Queries and parses Slurm's queue and accounting.
public enum SlurmQueue {
    /// The `squeue` arguments: one line per array task (`-r`), `arrayjob|task|state|reason`.
    public static let squeueArguments = ["-h", "-r", "-o", "%F|%K|%T|%r"]

    /// Parses `squeue -h -r -o '%F|%K|%T|%r'`. Lines of non-array jobs (task `N/A`) and task ranges are skipped;
    /// only jobs in `jobs` are kept when it is non-empty.
    public static func parseSqueue(_ output: String, jobs: Set<String> = []) -> [SlurmTaskState] {
        output.split(whereSeparator: \.isNewline).compactMap { line in
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard fields.count >= 3, let task = Int(fields[1]) else { return nil }
            guard jobs.isEmpty || jobs.contains(fields[0]) else { return nil }
            return SlurmTaskState(job: fields[0], task: task, state: fields[2], detail: fields.count > 3 ? fields[3] : "")
        }
    }

    /// The `sacct` arguments for these array jobs: allocations only, parsable, `JobID|State|ExitCode`.
    public static func sacctArguments(jobs: [String]) -> [String] {
        ["-n", "-P", "-X", "-j", jobs.joined(separator: ","), "-o", "JobID,State,ExitCode"]
    }

    /// Parses `sacct -n -P -X -o JobID,State,ExitCode`: lines `123_4|FAILED|1:0`, `123_7|CANCELLED by 0|0:15`;
    /// ranges of pending tasks (`123_[5-9]`) and non-array jobs are skipped; the state keeps its first word.
    public static func parseSacct(_ output: String) -> [SlurmTaskState] {
        output.split(whereSeparator: \.isNewline).compactMap { line in
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 2 else { return nil }
            let id = fields[0].split(separator: "_")
            guard id.count == 2, let task = Int(id[1]) else { return nil }
            let state = fields[1].split(separator: " ").first.map(String.init) ?? ""
            return SlurmTaskState(job: String(id[0]), task: task, state: state, detail: fields.count > 2 ? fields[2] : "")
        }
    }

    /// MaxArraySize from `scontrol show config` (`MaxArraySize            = 1001`), nil when absent. A value
    /// that is not a positive integer is an error: `0` means the cluster runs no job arrays, which this executor
    /// needs (one array per stage level).
    public static func parseMaxArraySize(_ output: String) throws -> Int? {
        for line in output.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, parts[0] == "MaxArraySize" else { continue }
            guard let value = Int(parts[1]), value >= 1 else {
                throw SlurmError.unexpectedOutput("scontrol show config",
                                                  output: "MaxArraySize = \(parts[1]): the cluster allows no job arrays "
                                                      + "(expected a positive size); ask its administrators to enable them")
            }
            return value
        }
        return nil
    }

    /// The tasks of `jobs` from squeue, then from sacct for tasks squeue no longer lists (sacct errors, e.g.
    /// accounting disabled, leave only squeue's view). Keyed by `<job>_<task>`.
    public static func taskStates(jobs: [String], runner: any SlurmCommandRunner) throws -> [String: SlurmTaskState] {
        guard !jobs.isEmpty else { return [:] }
        var states: [String: SlurmTaskState] = [:]
        for state in parseSqueue(try runner.checked("squeue", squeueArguments), jobs: Set(jobs)) {
            states[state.id] = state
        }
        if let (status, output) = try? runner.run("sacct", sacctArguments(jobs: jobs)), status == 0 {
            for state in parseSacct(output) where states[state.id] == nil && jobs.contains(state.job) {
                states[state.id] = state
            }
        }
        return states
    }
}
