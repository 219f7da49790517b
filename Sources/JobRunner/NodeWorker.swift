import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The child side of `WorkerPool`: a process that runs the nodes its parent sends (`WorkerCommand` lines on
/// standard input), each on a thread of its own as the in-process scheduler would, and reports what happens
/// (`WorkerMessage` lines on standard output). Several nodes may run at once in one worker: the parent sends the
/// nodes of one generator to one worker, so they share its outputs in memory (`GeneratorOutputMemo`).
///
/// SIGINT is ignored (a Ctrl-C reaches the whole process group; the parent decides and sends `cancel`). When
/// standard input closes, the worker exits: at once with status 130 if nodes are still running (the parent is gone:
/// the cache stays consistent, the temporary folders are removed by the next run), else with status 0.
public enum NodeWorker {
    /// Serves commands until standard input closes; never returns.
    public static func serve(graph: JobGraph, executor: any NodeExecutor, cache: ArtifactCache,
                             numerics: @escaping @Sendable () -> NodeNumerics?) -> Never {
        signal(SIGINT, SIG_IGN)
        let output = WorkerOutput()
        let cancellation = CancellationFlag()
        let running = RunningCount()
        let events = NodeAttemptEvents(
            waiting: { output.send(WorkerMessage(kind: .waiting, key: $0.key)) },
            corrupt: { node, problem in
                var message = WorkerMessage(kind: .corrupt, key: node.key)
                message.problem = problem
                output.send(message)
            },
            started: { node, threads in
                var message = WorkerMessage(kind: .started, key: node.key)
                message.threads = threads
                output.send(message)
            },
            training: { node, progress in output.send(.training(node.key, progress)) })
        let decoder = JSONDecoder()
        while let line = readLine() {
            guard let command = try? decoder.decode(WorkerCommand.self, from: Data(line.utf8)) else {
                FileHandle.standardError.write(Data("worker: unreadable command: \(line)\n".utf8))
                continue
            }
            switch command.kind {
            case .cancel:
                cancellation.cancel()
            case .run:
                guard let key = command.key, let node = graph.node(forKey: key) else {
                    var message = WorkerMessage(kind: .finished, key: command.key ?? "")
                    message.status = .failed
                    message.reason = "the worker's plan has no node \(command.key ?? "(none)")"
                    output.send(message)
                    continue
                }
                let attempt = NodeAttempt(cache: cache, executor: executor, rerun: command.rerun ?? .none,
                                          cancellation: cancellation, numerics: numerics, events: events)
                let dependencies = node.dependencies.compactMap { graph.node(forKey: $0) }
                let threads = max(1, command.threads ?? 1)
                running.add(1)
                let thread = Thread {
                    let outcome = attempt.run(node, dependencies: dependencies, threads: threads)
                    if outcome.status == .done, let log = try? NodeLog(path: cache.logFile(key: node.key).path) {
                        log.write("==== peak RSS of worker process \(getpid()) so far: \(peakResidentMegabytes()) MB")
                        log.close()
                    }
                    var message = WorkerMessage(kind: .finished, key: node.key)
                    message.status = outcome.status
                    message.seconds = outcome.seconds
                    message.reason = outcome.reason
                    output.send(message)
                    running.add(-1)
                }
                thread.stackSize = 16 << 20
                thread.start()
            }
        }
        // The parent closed our input: it is done with us, or gone.
        if running.value > 0 { _exit(130) }
        exit(0)
    }
}

/// The peak resident set size of this process so far, in MiB (`getrusage`).
func peakResidentMegabytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss / 1024)
}

/// Serialised writes of message lines to standard output.
private final class WorkerOutput: @unchecked Sendable {
    // Safe to share: writes happen under `lock`.
    private let lock = NSLock()

    func send(_ message: WorkerMessage) {
        let data = Data(message.line().utf8)
        lock.lock()
        defer { lock.unlock() }
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { if errno == EINTR { continue }; _exit(130) }  // the parent is gone
                offset += written
            }
        }
    }
}

/// A counter shared by the node threads of a worker.
private final class RunningCount: @unchecked Sendable {
    // Safe to share: `count` is only accessed under `lock`.
    private let lock = NSLock()
    private var count = 0
    func add(_ delta: Int) { lock.lock(); count += delta; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
