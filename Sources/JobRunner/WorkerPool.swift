import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a scheduler's nodes in worker processes (`NodeWorker`, started with `command`), so a node that aborts,
/// crashes or is killed fails alone: the scheduler and the other workers go on.
///
/// - Nodes with the same `group` key go to the same worker while it lives (one worker may run several nodes at
///   once, as the scheduler starts them); `f2lm run` groups a generator with the Destroyer, scores and evaluation
///   nodes that read it, so they keep sharing its outputs in memory. A worker with no node running is closed,
///   unless nodes of its group are still to come and fewer than `idleLimit` workers are idle.
/// - A worker that ends while nodes run in it (signal, exit status, or killed because a node ran past
///   `nodeTimeout` seconds) fails each of those nodes: a failure record (persisted, so `f2lm status` lists it and
///   `--rerun failed` retries it) with the signal or exit status, and the worker's last standard-error lines
///   appended to the node's log, whose last lines the record keeps.
/// - Once `cancellation` is set, every worker is told to cancel (its nodes stop as they would in process).
public final class WorkerPool: NodeLauncher, @unchecked Sendable {
    /// The worker's command line: executable, then arguments.
    public let command: [String]
    /// The worker a node goes to: nodes with equal keys share one.
    public let group: @Sendable (JobNode) -> String
    /// Seconds a node may run (from its start in the worker) before its worker is killed; nil: no limit.
    public let nodeTimeout: Double?
    /// The plan's cancellation.
    public let cancellation: CancellationFlag
    /// Most workers kept idle for nodes of their group still to come.
    public let idleLimit: Int

    // Safe to share: every property below is only accessed while `condition` is locked.
    private let condition = NSCondition()
    private var workers: [String: Worker] = [:]
    private var allWorkers: [Worker] = []
    private var idle: [String] = []
    private var toCome: [String: Int] = [:]
    private var cancelSent = false

    /// A pool starting workers with `command`; `nodes` (the plan's) count the nodes to come per group.
    public init(command: [String], nodes: [JobNode], group: @escaping @Sendable (JobNode) -> String,
                nodeTimeout: Double? = nil, cancellation: CancellationFlag, idleLimit: Int = 2) {
        precondition(!command.isEmpty, "WorkerPool: empty command")
        self.command = command
        self.group = group
        self.nodeTimeout = nodeTimeout
        self.cancellation = cancellation
        self.idleLimit = max(0, idleLimit)
        for node in nodes { toCome[group(node), default: 0] += 1 }
        signal(SIGPIPE, SIG_IGN)  // a write to a worker that just died must fail, not end this process
    }

    public func launch(_ node: JobNode, dependencies: [JobNode], threads: Int, attempt: NodeAttempt) -> NodeOutcome {
        let groupKey = group(node)
        defer {
            condition.lock()
            toCome[groupKey, default: 1] -= 1
            condition.unlock()
        }
        if let settled = attempt.settledWithoutRunning(node) { return settled }
        let logPath = attempt.cache.logFile(key: node.key).path
        if cancellation.isCancelled {
            return NodeOutcome(node: node, status: .cancelled, reason: "plan cancelled", logPath: logPath)
        }
        let task = WorkerTask(node: node, attempt: attempt, sent: RunnerClock.monotonicSeconds())
        condition.lock()
        let worker: Worker
        if let existing = workers[groupKey] {
            worker = existing
        } else {
            do {
                worker = try startWorker(group: groupKey)
            } catch {
                condition.unlock()
                return NodeOutcome(node: node, status: .failed, reason: "cannot start a worker process: \(error)",
                                   logPath: logPath)
            }
        }
        idle.removeAll { $0 == groupKey }
        worker.tasks[node.key] = task
        worker.send(WorkerCommand(kind: .run, key: node.key, threads: threads, rerun: attempt.rerun))
        if cancelSent { worker.send(WorkerCommand(kind: .cancel)) }
        while task.outcome == nil {
            _ = condition.wait(until: Date(timeIntervalSinceNow: 0.2))
            if cancellation.isCancelled && !cancelSent {
                cancelSent = true
                for alive in workers.values { alive.send(WorkerCommand(kind: .cancel)) }
            }
            if let nodeTimeout, task.outcome == nil, !task.timedOut,
               RunnerClock.monotonicSeconds() - (task.started ?? task.sent) > nodeTimeout {
                task.timedOut = true
                worker.killReason = "node \(node.stage) \(node.label) [\(node.key)] ran past --node-timeout "
                    + ProgressReporter.formatDuration(nodeTimeout)
                kill(worker.pid, SIGKILL)
            }
        }
        worker.tasks[node.key] = nil
        if worker.tasks.isEmpty && !worker.ended {
            if (toCome[groupKey] ?? 0) > 1 && idleLimit > 0 {
                idle.append(groupKey)
                while idle.count > idleLimit { close(group: idle.removeFirst()) }
            } else {
                close(group: groupKey)
            }
        }
        let outcome = task.outcome!
        condition.unlock()
        return outcome
    }

    public func runFinished() {
        condition.lock()
        for key in Array(workers.keys) { close(group: key) }
        let started = allWorkers
        condition.unlock()
        for worker in started { worker.process.waitUntilExit() }
    }

    /// Closes the input of the worker of `group` (it exits) and forgets it. Called with `condition` locked.
    private func close(group: String) {
        idle.removeAll { $0 == group }
        guard let worker = workers.removeValue(forKey: group) else { return }
        worker.closeInput()
    }

    /// Starts a worker for `group`. Called with `condition` locked.
    private func startWorker(group: String) throws -> Worker {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let worker = Worker(process: process, input: input.fileHandleForWriting)
        try? input.fileHandleForReading.close()
        workers[group] = worker
        allWorkers.append(worker)
        let outputDescriptor = output.fileHandleForReading.fileDescriptor
        let errorDescriptor = errors.fileHandleForReading.fileDescriptor
        let errorReader = Thread { [self] in
            Self.readLines(errorDescriptor) { line in
                self.condition.lock()
                worker.noteStandardError(line)
                self.condition.unlock()
            }
            try? errors.fileHandleForReading.close()
        }
        errorReader.start()
        let outputReader = Thread { [self] in
            Self.readLines(outputDescriptor) { line in
                guard let message = WorkerMessage.parse(line[...]) else {
                    self.condition.lock()
                    worker.noteStandardError(line)
                    self.condition.unlock()
                    return
                }
                self.deliver(message, from: worker)
            }
            try? output.fileHandleForReading.close()
            process.waitUntilExit()
            self.workerEnded(worker, group: group)
        }
        outputReader.start()
        return worker
    }

    /// Passes a worker's message to the attempt of its node.
    private func deliver(_ message: WorkerMessage, from worker: Worker) {
        condition.lock()
        guard let task = worker.tasks[message.key] else {
            condition.unlock()
            return
        }
        if message.kind == .started { task.started = RunnerClock.monotonicSeconds() }
        if message.kind == .finished {
            task.outcome = NodeOutcome(node: task.node, status: message.status ?? .failed, seconds: message.seconds ?? 0,
                                       reason: message.reason, logPath: task.attempt.cache.logFile(key: task.node.key).path)
            condition.broadcast()
        }
        condition.unlock()
        let events = task.attempt.events
        switch message.kind {
        case .waiting: events.waiting(task.node)
        case .corrupt: events.corrupt(task.node, message.problem ?? "")
        case .started: events.started(task.node, message.threads ?? 1)
        case .training: events.training(task.node, message.trainingProgress)
        case .finished: break
        }
    }

    /// Fails (or, once the plan is cancelled, cancels) every node still running in a worker that ended.
    private func workerEnded(_ worker: Worker, group: String) {
        let process = worker.process
        let how = process.terminationReason == .uncaughtSignal
            ? "killed by signal \(process.terminationStatus) (\(Self.signalName(process.terminationStatus)))"
            : "exited with status \(process.terminationStatus)"
        condition.lock()
        worker.ended = true
        if workers[group] === worker { workers[group] = nil }
        idle.removeAll { $0 == group && workers[group] == nil }
        let orphans = worker.tasks.values.filter { $0.outcome == nil }
        let standardError = worker.standardErrorTail
        let killReason = worker.killReason
        let cancelled = cancellation.isCancelled
        condition.unlock()
        guard !orphans.isEmpty else { return }
        var outcomes: [(WorkerTask, NodeOutcome)] = []
        for task in orphans {
            let node = task.node
            let cache = task.attempt.cache
            let logPath = cache.logFile(key: node.key).path
            if cancelled {
                outcomes.append((task, NodeOutcome(node: node, status: .cancelled, reason: "plan cancelled", logPath: logPath)))
                continue
            }
            var reason = "its worker process (pid \(worker.pid)) \(how)"
            if let killReason { reason += task.timedOut ? ": it ran past --node-timeout" : " because \(killReason)" }
            if let log = try? NodeLog(path: logPath) {
                for line in standardError { log.write("worker stderr: \(line)") }
                log.write("==== \(RunnerClock.isoNow()) FAILED: \(reason)")
                log.close()
            }
            let record = FailureRecord(key: node.key, stage: node.stage, label: node.label, reason: reason,
                                       logTail: Self.lastLines(ofFile: logPath, count: 20), logPath: logPath,
                                       date: RunnerClock.isoNow(), host: RunnerClock.hostName(), pid: worker.pid)
            try? cache.recordFailure(record)
            let seconds = RunnerClock.monotonicSeconds() - (task.started ?? task.sent)
            outcomes.append((task, NodeOutcome(node: node, status: .failed, seconds: seconds, reason: reason, logPath: logPath)))
        }
        if let cache = orphans.first?.attempt.cache { _ = cache.removeStaleTemporaries() }
        condition.lock()
        for (task, outcome) in outcomes where task.outcome == nil { task.outcome = outcome }
        condition.broadcast()
        condition.unlock()
    }

    /// Reads `descriptor` to its end, calling `line` for each line (without its newline).
    static func readLines(_ descriptor: Int32, _ line: (String) -> Void) {
        var pending = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            pending.append(contentsOf: buffer[0..<count])
            while let newline = pending.firstIndex(of: 10) {
                line(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                pending.removeSubrange(pending.startIndex...newline)
            }
        }
        if !pending.isEmpty { line(String(decoding: pending, as: UTF8.self)) }
    }

    /// The last `count` lines of a text file (empty when it cannot be read).
    static func lastLines(ofFile path: String, count: Int) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        return Array((lines.last == "" ? lines.dropLast() : lines[...]).suffix(count))
    }

    /// "SIGKILL", "SIGABRT", … for the usual signals, else "signal N".
    public static func signalName(_ number: Int32) -> String {
        let names: [Int32: String] = [SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL",
                                      SIGTRAP: "SIGTRAP", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE",
                                      SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV", SIGPIPE: "SIGPIPE", SIGTERM: "SIGTERM",
                                      SIGXCPU: "SIGXCPU"]
        return names[number] ?? "signal \(number)"
    }
}

/// One node sent to a worker. Accessed under the pool's lock.
private final class WorkerTask: @unchecked Sendable {
    let node: JobNode
    let attempt: NodeAttempt
    let sent: Double
    var started: Double?
    var timedOut = false
    var outcome: NodeOutcome?

    init(node: JobNode, attempt: NodeAttempt, sent: Double) {
        self.node = node
        self.attempt = attempt
        self.sent = sent
    }
}

/// One worker process. Accessed under the pool's lock.
private final class Worker: @unchecked Sendable {
    let process: Process
    let pid: Int32
    private var input: FileHandle?
    var tasks: [String: WorkerTask] = [:]
    var ended = false
    var killReason: String?
    private(set) var standardErrorTail: [String] = []

    init(process: Process, input: FileHandle) {
        self.process = process
        self.pid = process.processIdentifier
        self.input = input
    }

    /// Writes one command line; a worker that already ended is noticed by its output reader.
    func send(_ command: WorkerCommand) {
        guard let input, let data = try? JSONEncoder().encode(command) else { return }
        var line = data
        line.append(10)
        line.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(input.fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }

    func closeInput() {
        try? input?.close()
        input = nil
    }

    func noteStandardError(_ line: String) {
        standardErrorTail.append(line)
        if standardErrorTail.count > 20 { standardErrorTail.removeFirst(standardErrorTail.count - 20) }
    }
}
