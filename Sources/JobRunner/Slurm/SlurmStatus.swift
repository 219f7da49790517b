import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where one node of a plan stands, from the cache (done.json, failure record, lock) and the latest submission
/// (task start/exit files, squeue/sacct states).
public struct SlurmNodeStatus: Sendable, Equatable {
    /// The four states a status report counts.
    public enum State: String, Sendable, CaseIterable {
        /// Complete in the cache.
        case done
        /// Its lock is held or its Slurm task runs.
        case running
        /// Not complete and not failed: queued, or not submitted / never started.
        case pending
        /// A failure record, a task that exited non-zero or was killed, or a task that started and vanished.
        case failed
    }

    /// The node.
    public var node: JobNode
    /// Its state.
    public var state: State
    /// `<job>_<task>` of its array task in the latest submission, if submitted.
    public var slurmTask: String?
    /// Slurm's state of that task, when squeue or sacct reports it.
    public var slurmState: String?
    /// The task's Slurm log (for a submitted node), else the node's cache log.
    public var logPath: String?
    /// Why it failed, or what it waits for.
    public var reason: String?
}

/// The status of every node of a plan, by stage.
public struct SlurmStatusReport: Sendable {
    /// Per node, in the graph's topological order.
    public var nodes: [SlurmNodeStatus]
    /// The submission the Slurm columns come from, if any.
    public var submission: SlurmSubmission?
    /// Array tasks of that submission still in the queue.
    public var activeTasks: [SlurmTaskState]
    /// How many not-done nodes have a cached artifact made by other code, and which
    /// (`ArtifactCache.otherCodeSummary`); nil when none.
    public var otherCode: String?

    /// Nodes by state.
    public func count(_ state: SlurmNodeStatus.State, stage: String? = nil) -> Int {
        nodes.filter { $0.state == state && (stage == nil || $0.node.stage == stage) }.count
    }

    /// The failed nodes.
    public var failed: [SlurmNodeStatus] { nodes.filter { $0.state == .failed } }

    /// True when every node is done.
    public var isComplete: Bool { nodes.allSatisfy { $0.state == .done } }

    /// A table (stage, done, running, pending, failed), the submission's jobs, then one line per failed node with
    /// its Slurm task id and log path.
    public func render() -> String {
        var stages: [String] = []
        for node in nodes where !stages.contains(node.node.stage) { stages.append(node.node.stage) }
        let width = max(5, stages.map(\.count).max() ?? 0)
        func pad(_ text: String, _ count: Int) -> String { text + String(repeating: " ", count: max(0, count - text.count)) }
        func cell(_ value: Int) -> String { String(repeating: " ", count: max(0, 8 - String(value).count)) + String(value) }
        var lines = [pad("stage", width) + "    done running pending  failed"]
        for stage in stages + ["total"] {
            let filter = stage == "total" ? nil : stage
            lines.append(pad(stage, width) + cell(count(.done, stage: filter)) + cell(count(.running, stage: filter))
                         + cell(count(.pending, stage: filter)) + cell(count(.failed, stage: filter)))
        }
        if let otherCode { lines.append(otherCode) }
        if let submission {
            let jobs = submission.jobIDs
            lines.append("submission \(submission.id)" + (submission.dryRun ? " (dry run: not submitted)" : "")
                         + (jobs.isEmpty ? "" : ", array jobs \(jobs.joined(separator: " "))")
                         + ", \(activeTasks.count) task(s) in the queue")
            var byState: [String: Int] = [:]
            for task in activeTasks { byState[task.state + (task.detail.isEmpty || task.detail == "None" ? "" : " (\(task.detail))"), default: 0] += 1 }
            for (state, count) in byState.sorted(by: { $0.key < $1.key }) { lines.append("  \(count) \(state)") }
        }
        for node in failed {
            var line = "FAILED \(node.node.stage) \(node.node.label) [\(node.node.key)]"
            if let task = node.slurmTask { line += " slurm job \(task)" + (node.slurmState.map { " \($0)" } ?? "") }
            if let reason = node.reason { line += ": \(reason)" }
            if let log = node.logPath { line += "\n  log: \(log)" }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Computes `SlurmStatusReport`s.
public enum SlurmStatus {
    /// The status of every node of `graph` in `cache`, with the tasks of `submission` (states from `runner`'s
    /// squeue/sacct; pass nil to read only the cache). With `countingOtherCode` (not while polling: it reads every
    /// done.json of the stages involved), `otherCode` counts the nodes not done whose parameters have an artifact of
    /// other code.
    public static func collect(graph: JobGraph, cache: ArtifactCache, submission: SlurmSubmission?,
                               runner: (any SlurmCommandRunner)?, countingOtherCode: Bool = true) throws -> SlurmStatusReport {
        var states: [String: SlurmTaskState] = [:]
        if let submission, let runner, !submission.dryRun {
            states = try SlurmQueue.taskStates(jobs: submission.jobIDs, runner: runner)
        }
        let nodes = try graph.topologicalOrder().map { node in
            status(of: node, cache: cache, submission: submission, states: states)
        }
        return SlurmStatusReport(nodes: nodes, submission: submission,
                                 activeTasks: states.values.filter(\.isActive).sorted { ($0.job, $0.task) < ($1.job, $1.task) },
                                 otherCode: countingOtherCode
                                     ? cache.otherCodeSummary(for: nodes.filter { $0.state != .done }.map(\.node)) : nil)
    }

    /// The status of one node (see `SlurmNodeStatus.State`).
    public static func status(of node: JobNode, cache: ArtifactCache, submission: SlurmSubmission?,
                              states: [String: SlurmTaskState]) -> SlurmNodeStatus {
        let task = submission?.task(of: node.key)
        let taskID = task.map { "\($0.job)_\($0.task)" }
        let slurm = taskID.flatMap { states[$0] }
        let slurmLog = task.flatMap { submission?.logFile(job: $0.job, task: $0.task).path }
        var result = SlurmNodeStatus(node: node, state: .pending, slurmTask: taskID, slurmState: slurm?.state,
                                     logPath: slurmLog ?? cache.logFile(key: node.key).path, reason: nil)
        if cache.isComplete(stage: node.stage, key: node.key) {
            result.state = .done
            return result
        }
        if isLockHeld(cache.lockFile(key: node.key).path) || slurm?.state == "RUNNING" {
            result.state = .running
            return result
        }
        let taskFiles = submission.map { readTaskFiles(key: node.key, submission: $0) }
        if let started = taskFiles?.start, !(slurm?.isActive ?? false) {
            // The task ran (this submission) and is gone from the queue without completing the node.
            result.state = .failed
            if let exit = taskFiles?.exit {
                result.reason = exit.hasPrefix("signal") ? "task killed (\(exit))" : "task exited with status \(exit)"
            } else {
                result.reason = "task started (\(started)) and ended without an exit record (killed or node failure)"
            }
            if let failure = cache.failureRecord(stage: node.stage, key: node.key) { result.reason! += "; \(failure.reason)" }
            return result
        }
        if let failure = cache.failureRecord(stage: node.stage, key: node.key), !(slurm?.isActive ?? false) {
            result.state = .failed
            result.reason = failure.reason
            if taskID == nil { result.logPath = failure.logPath }
            return result
        }
        if let slurm, slurm.isFailure {
            result.state = .failed
            result.reason = "Slurm state \(slurm.state)" + (slurm.detail.isEmpty ? "" : " \(slurm.detail)")
            return result
        }
        if let slurm, slurm.isActive {
            result.reason = slurm.detail.isEmpty ? slurm.state : "\(slurm.state) (\(slurm.detail))"
        } else if taskID != nil {
            result.reason = "not started (an upstream task failed or the job was cancelled)"
        } else {
            result.reason = "not submitted"
        }
        return result
    }

    /// Start and exit lines of a node's task in `submission` (nil when absent).
    static func readTaskFiles(key: String, submission: SlurmSubmission) -> (start: String?, exit: String?) {
        func read(_ name: String) -> String? {
            let url = submission.tasksDirectory.appendingPathComponent(name)
            return (try? String(contentsOf: url, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return (read("\(key).start"), read("\(key).exit"))
    }

    /// True when another open file description holds an flock on `path` (the file is not created when absent).
    public static func isLockHeld(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_SH | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK || errno == EAGAIN
    }
}
