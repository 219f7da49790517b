/// The result of running a `JobGraph`: one outcome per node, counts per stage and status, the failures.
public struct SchedulerSummary: Sendable, CustomStringConvertible {
    /// Outcomes in the scheduler's (topological) order.
    public var outcomes: [NodeOutcome]
    /// True when the run was cancelled (SIGINT) before every node finished.
    public var interrupted: Bool
    /// Wall seconds of the whole run.
    public var wallSeconds: Double

    /// Creates a summary.
    public init(outcomes: [NodeOutcome], interrupted: Bool, wallSeconds: Double) {
        self.outcomes = outcomes
        self.interrupted = interrupted
        self.wallSeconds = wallSeconds
    }

    /// The outcome of the node with this key.
    public func outcome(forKey key: String) -> NodeOutcome? {
        outcomes.first { $0.node.key == key }
    }

    /// Number of nodes with this status, over all stages.
    public func count(_ status: NodeStatus) -> Int {
        outcomes.filter { $0.status == status }.count
    }

    /// Number of nodes of `stage` with `status`.
    public func count(_ status: NodeStatus, stage: String) -> Int {
        outcomes.filter { $0.status == status && $0.node.stage == stage }.count
    }

    /// Stage names in the order they first appear.
    public var stages: [String] {
        var seen: [String] = []
        for outcome in outcomes where !seen.contains(outcome.node.stage) { seen.append(outcome.node.stage) }
        return seen
    }

    /// The failed nodes.
    public var failures: [NodeOutcome] { outcomes.filter { $0.status == .failed } }

    /// True when every node is done or reused.
    public var succeeded: Bool { !interrupted && outcomes.allSatisfy { $0.status == .done || $0.status == .reused } }

    /// A plain-text summary: a line per stage with its counts, then one line per failure with reason and log path.
    public var description: String {
        var lines: [String] = []
        for stage in stages {
            let parts = NodeStatus.allCases.compactMap { status -> String? in
                let n = count(status, stage: stage)
                return n == 0 ? nil : "\(n) \(status.rawValue)"
            }
            lines.append("  \(stage.padding(toLength: 11, withPad: " ", startingAt: 0)) \(parts.joined(separator: ", "))")
        }
        let header = interrupted ? "interrupted" : (succeeded ? "finished" : "finished with failures")
        var text = "\(header) in \(ProgressReporter.formatDuration(wallSeconds)): \(count(.done)) done, "
            + "\(count(.reused)) reused, \(count(.failed)) failed, \(count(.skipped)) skipped"
        if count(.cancelled) > 0 { text += ", \(count(.cancelled)) cancelled" }
        lines.insert(text, at: 0)
        for failure in failures {
            lines.append("FAILED \(failure.node.stage) \(failure.node.label): \(failure.reason ?? "unknown error")")
            lines.append("       log: \(failure.logPath)")
        }
        return lines.joined(separator: "\n")
    }
}
