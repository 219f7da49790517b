import Foundation

/// Runs a `JobGraph` against an `ArtifactCache` with a `NodeExecutor`.
///
/// - Nodes start in dependency order; up to `jobs` independent nodes run at once, each on its own thread. Among the
///   ready nodes the one heading the costliest remaining chain starts first (`JobGraph.criticalPathCosts`, from
///   the nodes' `costHint`s; ties in topological order), so long generators do not end up alone at the end of a
///   run while the other cores idle. Which node runs when never changes a node's numbers.
/// - Every node gets `max(1, totalThreads / jobs)` BLAS threads, however many run at the moment: a node's numbers
///   depend on its thread count (oneDNN and BLAS sum in a different order with more threads, and GAN training
///   amplifies the last-bit differences), so the count must not depend on timing. The same `--jobs`/`--threads`
///   (or Slurm `--cpus-per-task`) reproduce a run bit for bit, also after a resume.
/// - A node with a complete artifact is reused, never run again (unless `rerun == .all`).
/// - Before running, a node takes its lock `<root>/locks/<key>.lock`; if another scheduler or process holds it, this
///   one waits, then reuses the artifact the other one wrote.
/// - A node runs into a temporary folder, renamed into place when complete; on failure the folder is deleted and a
///   failure record written; its dependants are skipped; every other node still runs.
/// - Once `cancellation` is set no new node starts; running nodes see it through their context.
public final class Scheduler: Sendable {
    /// The cache the nodes read and write.
    public let cache: ArtifactCache
    /// The stage executor.
    public let executor: any NodeExecutor
    /// Maximum number of nodes running at once (≥ 1).
    public let jobs: Int
    /// Total BLAS threads shared by the running nodes (≥ 1).
    public let totalThreads: Int
    /// What to do with nodes already in the cache.
    public let rerun: RerunPolicy
    /// Progress display, if any.
    public let reporter: ProgressReporter?
    /// Cancellation (set by SIGINT through `InterruptMonitor`).
    public let cancellation: CancellationFlag
    /// Seconds between attempts to take a lock held by someone else.
    public let lockPollInterval: Double
    /// Called once per node as soon as its outcome is known (from worker threads, or the scheduling thread for
    /// skipped and cancelled nodes), e.g. to rewrite runs.csv when a run's evaluation node finishes.
    public let onNodeFinished: (@Sendable (NodeOutcome) -> Void)?
    /// The kernels a node computes with, asked when it completes and recorded in its `done.json` (nil: not recorded).
    public let numerics: @Sendable () -> NodeNumerics?
    /// Where nodes run: nil in this process (each on a thread of its own), else in the launcher's worker processes
    /// (`WorkerPool`), so a node that crashes or is killed fails alone.
    public let launcher: (any NodeLauncher)?

    /// Creates a scheduler. `jobs` and `totalThreads` must be at least 1.
    public init(cache: ArtifactCache, executor: any NodeExecutor, jobs: Int = 1,
                totalThreads: Int = ProcessInfo.processInfo.activeProcessorCount, rerun: RerunPolicy = .none,
                reporter: ProgressReporter? = nil, cancellation: CancellationFlag = CancellationFlag(),
                lockPollInterval: Double = 0.05, onNodeFinished: (@Sendable (NodeOutcome) -> Void)? = nil,
                numerics: @escaping @Sendable () -> NodeNumerics? = { nil }, launcher: (any NodeLauncher)? = nil) {
        precondition(jobs >= 1, "Scheduler: jobs must be at least 1, got \(jobs)")
        precondition(totalThreads >= 1, "Scheduler: totalThreads must be at least 1, got \(totalThreads)")
        self.cache = cache
        self.executor = executor
        self.jobs = jobs
        self.totalThreads = totalThreads
        self.rerun = rerun
        self.reporter = reporter
        self.cancellation = cancellation
        self.lockPollInterval = lockPollInterval
        self.onNodeFinished = onNodeFinished
        self.numerics = numerics
        self.launcher = launcher
    }

    /// Runs every node of `graph` (validated first; throws `JobGraphError` or `CacheError` before running anything)
    /// and returns what happened to each node. Node failures are not thrown: they are in the summary.
    public func run(_ graph: JobGraph) throws -> SchedulerSummary {
        let order = try graph.prioritizedOrder()
        try cache.prepare()
        cache.removeStaleTemporaries()
        let start = RunnerClock.monotonicSeconds()
        reporter?.planStarted(nodes: order, jobs: jobs)

        let state = SchedulerState(remaining: order)
        state.condition.lock()
        while true {
            // Resolve skips and cancellations, then start every ready node that fits.
            var stillRemaining: [JobNode] = []
            var toStart: [JobNode] = []
            let cancelled = cancellation.isCancelled
            for node in state.remaining {
                if cancelled {
                    let outcome = NodeOutcome(node: node, status: .cancelled, reason: "plan cancelled",
                                              logPath: cache.logFile(key: node.key).path)
                    state.outcomes[node.key] = outcome
                    onNodeFinished?(outcome)
                    continue
                }
                let dependencyOutcomes = node.dependencies.map { state.outcomes[$0] }
                if let blocked = dependencyOutcomes.first(where: { $0?.status == .failed || $0?.status == .skipped || $0?.status == .cancelled }),
                   let blocked {
                    let ancestorKey = blocked.failedAncestor ?? blocked.node.key
                    let ancestor = graph.node(forKey: ancestorKey) ?? blocked.node
                    let outcome: NodeOutcome
                    if blocked.status == .cancelled {
                        outcome = NodeOutcome(node: node, status: .cancelled, reason: "plan cancelled",
                                              logPath: cache.logFile(key: node.key).path)
                    } else {
                        outcome = NodeOutcome(node: node, status: .skipped,
                                              reason: "\(ancestor.stage) \(ancestor.label) [\(ancestor.key)] failed",
                                              logPath: cache.logFile(key: node.key).path, failedAncestor: ancestor.key)
                    }
                    state.outcomes[node.key] = outcome
                    reporter?.nodeFinished(outcome)
                    onNodeFinished?(outcome)
                    continue
                }
                let ready = dependencyOutcomes.allSatisfy { $0?.status == .done || $0?.status == .reused }
                if ready && state.running + toStart.count < jobs {
                    toStart.append(node)
                } else {
                    stillRemaining.append(node)
                }
            }
            state.remaining = stillRemaining
            state.running += toStart.count
            let threadsEach = max(1, totalThreads / jobs)
            for node in toStart {
                let dependencies = node.dependencies.compactMap { graph.node(forKey: $0) }
                let thread = Thread { [self] in
                    let outcome = self.launch(node, dependencies: dependencies, threads: threadsEach)
                    self.reporter?.nodeFinished(outcome)
                    self.onNodeFinished?(outcome)
                    state.condition.lock()
                    state.outcomes[node.key] = outcome
                    state.running -= 1
                    state.condition.broadcast()
                    state.condition.unlock()
                }
                thread.stackSize = 16 << 20
                thread.start()
            }
            if state.remaining.isEmpty && state.running == 0 { break }
            if toStart.isEmpty {
                _ = state.condition.wait(until: Date(timeIntervalSinceNow: 0.1))
            }
        }
        let outcomes = order.compactMap { state.outcomes[$0.key] }
        state.condition.unlock()
        launcher?.runFinished()
        let summary = SchedulerSummary(outcomes: outcomes,
                                       interrupted: cancellation.isCancelled && outcomes.contains { $0.status == .cancelled },
                                       wallSeconds: RunnerClock.monotonicSeconds() - start)
        reporter?.planFinished(summary)
        return summary
    }

    /// Runs one node on the current thread: through `launcher` when there is one, else in this process.
    private func launch(_ node: JobNode, dependencies: [JobNode], threads: Int) -> NodeOutcome {
        if let launcher { return launcher.launch(node, dependencies: dependencies, threads: threads, attempt: attempt()) }
        return attempt().run(node, dependencies: dependencies, threads: threads)
    }

    /// The attempt at one node this scheduler makes (in this process, or in a worker process through `launcher`).
    func attempt() -> NodeAttempt {
        let reporter = self.reporter
        return NodeAttempt(cache: cache, executor: executor, rerun: rerun, cancellation: cancellation,
                           lockPollInterval: lockPollInterval, numerics: numerics,
                           events: NodeAttemptEvents(waiting: { reporter?.nodeWaiting($0) },
                                                     corrupt: { reporter?.nodeCorrupt($0, problem: $1) },
                                                     started: { reporter?.nodeStarted($0, threads: $1) },
                                                     training: { reporter?.training($0, $1) }))
    }

    static func describe(_ error: any Error) -> String {
        if let localized = error as? LocalizedError, let text = localized.errorDescription { return text }
        return String(describing: error)
    }
}

/// Mutable bookkeeping of one `Scheduler.run`.
private final class SchedulerState: @unchecked Sendable {
    // Safe to share: every property is only read or written while `condition` is locked.
    let condition = NSCondition()
    var remaining: [JobNode]
    var running = 0
    var outcomes: [String: NodeOutcome] = [:]

    init(remaining: [JobNode]) {
        self.remaining = remaining
    }
}
