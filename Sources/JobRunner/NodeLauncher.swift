/// Runs the nodes a `Scheduler` starts somewhere other than on the scheduler's own threads (e.g. `WorkerPool`: in
/// child processes). Called from the scheduler's worker threads, several nodes at once.
public protocol NodeLauncher: Sendable {
    /// Runs `node` as `attempt` describes (cache, rerun policy, cancellation, progress callbacks) and blocks until
    /// its outcome is known.
    func launch(_ node: JobNode, dependencies: [JobNode], threads: Int, attempt: NodeAttempt) -> NodeOutcome
    /// Called once when the scheduler's run ends: release what the launcher holds (worker processes).
    func runFinished()
}
