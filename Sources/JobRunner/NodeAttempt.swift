import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one attempt at a node tells its observer while it runs (the scheduler's progress reporter, or the parent of
/// a worker process).
public struct NodeAttemptEvents: Sendable {
    /// Another holder has the node's lock: this attempt waits for it.
    public var waiting: @Sendable (JobNode) -> Void
    /// The cached artifact did not verify (the problem) and is removed.
    public var corrupt: @Sendable (JobNode, String) -> Void
    /// The executor starts, with this many threads.
    public var started: @Sendable (JobNode, Int) -> Void
    /// A training loop reported progress.
    public var training: @Sendable (JobNode, TrainingProgress) -> Void

    /// Creates the callbacks (each defaults to doing nothing).
    public init(waiting: @escaping @Sendable (JobNode) -> Void = { _ in },
                corrupt: @escaping @Sendable (JobNode, String) -> Void = { _, _ in },
                started: @escaping @Sendable (JobNode, Int) -> Void = { _, _ in },
                training: @escaping @Sendable (JobNode, TrainingProgress) -> Void = { _, _ in }) {
        self.waiting = waiting
        self.corrupt = corrupt
        self.started = started
        self.training = training
    }
}

/// One attempt at one node, on the current thread: reuse check, lock, temporary folder, executor, then the commit
/// (`done.json`) or the failure record. What `Scheduler` does for each node, in its own process or in a worker
/// process (`NodeWorker`).
public struct NodeAttempt: Sendable {
    /// The cache the node reads and writes.
    public let cache: ArtifactCache
    /// The stage executor.
    public let executor: any NodeExecutor
    /// What to do with a node already in the cache.
    public let rerun: RerunPolicy
    /// Cancellation seen by the node.
    public let cancellation: CancellationFlag
    /// Seconds between attempts to take a lock held by someone else.
    public let lockPollInterval: Double
    /// The kernels recorded in `done.json`.
    public let numerics: @Sendable () -> NodeNumerics?
    /// Progress callbacks.
    public let events: NodeAttemptEvents

    /// Creates an attempt description.
    public init(cache: ArtifactCache, executor: any NodeExecutor, rerun: RerunPolicy, cancellation: CancellationFlag,
                lockPollInterval: Double = 0.05, numerics: @escaping @Sendable () -> NodeNumerics? = { nil },
                events: NodeAttemptEvents = NodeAttemptEvents()) {
        self.cache = cache
        self.executor = executor
        self.rerun = rerun
        self.cancellation = cancellation
        self.lockPollInterval = lockPollInterval
        self.numerics = numerics
        self.events = events
    }

    /// The outcome this attempt has without running anything: `reused` for a complete artifact (unless
    /// `rerun == .all`), `failed` for a recorded failure when `rerun == .none`; nil when the node must run.
    public func settledWithoutRunning(_ node: JobNode) -> NodeOutcome? {
        if rerun != .all, let outcome = NodeOutcome.reused(node, in: cache) { return outcome }
        if rerun == .none, let failure = cache.failureRecord(stage: node.stage, key: node.key) {
            return NodeOutcome(node: node, status: .failed,
                               reason: "failed in an earlier run (\(failure.date)): \(failure.reason) — use --rerun failed to retry",
                               logPath: cache.logFile(key: node.key).path)
        }
        return nil
    }

    /// Runs `node` (whose direct dependencies are `dependencies`) with `threads` BLAS threads and returns its outcome.
    public func run(_ node: JobNode, dependencies: [JobNode], threads: Int) -> NodeOutcome {
        let logPath = cache.logFile(key: node.key).path
        if rerun != .all, let outcome = NodeOutcome.reused(node, in: cache) { return outcome }

        let lock: NodeLock
        do {
            guard let taken = try NodeLock.acquire(path: cache.lockFile(key: node.key).path,
                                                   pollInterval: lockPollInterval,
                                                   shouldStop: { self.cancellation.isCancelled },
                                                   onWait: { self.events.waiting(node) }) else {
                return NodeOutcome(node: node, status: .cancelled, reason: "plan cancelled", logPath: logPath)
            }
            lock = taken
        } catch {
            return NodeOutcome(node: node, status: .failed, reason: "\(error)", logPath: logPath)
        }
        defer { lock.release() }

        // A `<key>/` folder that does not verify: no done.json (made by hand), or files that differ from the
        // digests done.json recorded (truncated, edited). It is reported, removed and the node runs again.
        let corruption = cache.integrityProblem(stage: node.stage, key: node.key)
        let incompleteLeftover = corruption != nil || (!cache.isComplete(stage: node.stage, key: node.key)
            && FileManager.default.fileExists(atPath: cache.artifactDirectory(stage: node.stage, key: node.key).path))
        if let corruption, rerun != .all { events.corrupt(node, corruption) }
        if rerun == .all || incompleteLeftover {
            if rerun == .all { cache.removeWorkDirectory(key: node.key) }
            do { try cache.removeArtifact(stage: node.stage, key: node.key) } catch {
                return NodeOutcome(node: node, status: .failed, reason: "\(error)", logPath: logPath)
            }
        }
        if rerun != .all, let outcome = NodeOutcome.reused(node, in: cache) {
            return outcome
        }
        if rerun == .none, let failure = cache.failureRecord(stage: node.stage, key: node.key) {
            return NodeOutcome(node: node, status: .failed,
                               reason: "failed in an earlier run (\(failure.date)): \(failure.reason) — use --rerun failed to retry",
                               logPath: logPath)
        }
        if cancellation.isCancelled {
            return NodeOutcome(node: node, status: .cancelled, reason: "plan cancelled", logPath: logPath)
        }

        let log: NodeLog
        let temporary: URL
        let work: URL
        do {
            log = try NodeLog(path: logPath)
            temporary = try cache.makeTemporaryDirectory(stage: node.stage, key: node.key)
            work = try cache.makeWorkDirectory(key: node.key)
        } catch {
            return NodeOutcome(node: node, status: .failed, reason: "\(error)", logPath: logPath)
        }
        defer { log.close() }
        log.write("==== \(RunnerClock.isoNow()) start \(node.stage) \(node.label) [\(node.key)] "
                  + "host \(RunnerClock.hostName()) pid \(getpid()) threads \(threads)")
        if let corruption { log.write("==== the cached artifact did not verify and was removed: \(corruption)") }
        events.started(node, threads)

        var directories: [String: URL] = [:]
        for dependency in dependencies {
            directories[dependency.key] = cache.artifactDirectory(stage: dependency.stage, key: dependency.key)
        }
        let events = self.events
        let context = NodeContext(node: node, outputDirectory: temporary, dependencyDirectories: directories,
                                  dependencyNodes: dependencies, log: log, threadCount: threads,
                                  cancellation: cancellation, workDirectory: work,
                                  progress: { events.training(node, $0) })
        let started = RunnerClock.monotonicSeconds()
        do {
            try executor.run(node, in: context)
            let seconds = RunnerClock.monotonicSeconds() - started
            let numerics = self.numerics()
            let record = CompletionRecord(key: node.key, stage: node.stage, label: node.label, wallSeconds: seconds,
                                          finished: RunnerClock.isoNow(), host: RunnerClock.hostName(), pid: getpid(),
                                          threads: threads, kernels: numerics?.kernels,
                                          portableNumerics: numerics?.isPortable,
                                          parameterKey: node.parameterKey, codeIdentity: node.codeIdentity)
            try cache.commit(temporary: temporary, record: record)
            cache.removeWorkDirectory(key: node.key)
            log.write("==== \(RunnerClock.isoNow()) done in \(ProgressReporter.formatDuration(seconds))")
            return NodeOutcome(node: node, status: .done, seconds: seconds, logPath: logPath)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            let seconds = RunnerClock.monotonicSeconds() - started
            if error is NodeCancelled || (cancellation.isCancelled && error is CancellationError) {
                log.write("==== \(RunnerClock.isoNow()) cancelled")
                return NodeOutcome(node: node, status: .cancelled, seconds: seconds, reason: "plan cancelled", logPath: logPath)
            }
            let reason = Scheduler.describe(error)
            log.write("==== \(RunnerClock.isoNow()) FAILED: \(reason)")
            let record = FailureRecord(key: node.key, stage: node.stage, label: node.label, reason: reason,
                                       logTail: log.lastLines, logPath: logPath, date: RunnerClock.isoNow(),
                                       host: RunnerClock.hostName(), pid: getpid())
            try? cache.recordFailure(record)
            return NodeOutcome(node: node, status: .failed, seconds: seconds, reason: reason, logPath: logPath)
        }
    }
}
