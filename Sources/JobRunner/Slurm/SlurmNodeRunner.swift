import Foundation

/// Runs exactly one node of a graph, as an array task does: the node and its ancestors form the graph given to a
/// `Scheduler` with one job; the ancestors must already be complete (they are reused, never run).
public enum SlurmNodeRunner {
    /// Runs node `key` of `graph` with `executor` against `cache` and returns its outcome. Throws
    /// `SlurmError.unknownNode` for a key outside the graph and `.dependencyIncomplete` when an ancestor is not
    /// complete. A failure recorded by an earlier attempt is retried (`RerunPolicy.failed`). `numerics` describes
    /// the kernels for the node's `done.json` (`Scheduler.numerics`).
    public static func run(key: String, graph: JobGraph, executor: any NodeExecutor, cache: ArtifactCache,
                           threads: Int = SlurmNodeRunner.allocatedThreads(),
                           reporter: ProgressReporter? = nil,
                           numerics: @escaping @Sendable () -> NodeNumerics?) throws -> NodeOutcome {
        guard let node = graph.node(forKey: key) else { throw SlurmError.unknownNode(key) }
        var nodes: [JobNode] = []
        var seen: Set<String> = []
        var stack = [node]
        while let next = stack.popLast() {
            guard seen.insert(next.key).inserted else { continue }
            nodes.append(next)
            for dependency in next.dependencies {
                guard let upstream = graph.node(forKey: dependency) else { throw SlurmError.unknownNode(dependency) }
                if !cache.isComplete(stage: upstream.stage, key: upstream.key) {
                    throw SlurmError.dependencyIncomplete(node: next.key, dependency: dependency)
                }
                stack.append(upstream)
            }
        }
        let scheduler = Scheduler(cache: cache, executor: executor, jobs: 1, totalThreads: max(1, threads),
                                  rerun: .failed, reporter: reporter, numerics: numerics)
        let summary = try scheduler.run(try JobGraph(nodes: nodes))
        guard let outcome = summary.outcome(forKey: key) else { throw SlurmError.unknownNode(key) }
        return outcome
    }

    /// Threads the task may use: `SLURM_CPUS_PER_TASK`, else `SLURM_CPUS_ON_NODE`, else the processor count.
    public static func allocatedThreads() -> Int {
        // SLURM_CPUS_PER_TASK is set only with --cpus-per-task; otherwise the task has the CPUs Slurm allocated on
        // its node (SLURM_CPUS_ON_NODE, 1 by default), not every core of the machine.
        for name in ["SLURM_CPUS_PER_TASK", "SLURM_CPUS_ON_NODE"] {
            if let text = ProcessInfo.processInfo.environment[name], let count = Int(text), count >= 1 { return count }
        }
        return ProcessInfo.processInfo.activeProcessorCount
    }
}
