import F2LM
import JobRunner

/// Where `f2lm run` runs its local nodes (`--isolation`).
public enum NodeIsolation: String, Sendable, CaseIterable {
    /// In worker processes, one per dataset: every node reading it (its generators, then the Destroyer, scores and
    /// evaluation nodes reading each generator) and the dataset node itself, so they share the prepared videos
    /// (`PreparedVideoMemo`) and each generator's outputs (`GeneratorOutputMemo`) in memory. A crash fails the nodes
    /// running in that worker only. The default.
    case dataset
    /// In worker processes, one per generator: the generator node, then the Destroyer, scores and evaluation nodes
    /// that read it (so they share its outputs in memory, `GeneratorOutputMemo`); a dataset node in a worker of its
    /// own.
    case generator
    /// Every node in a worker process of its own (no sharing of generator outputs between nodes).
    case node
    /// Every node in the `f2lm run` process itself, on a thread (a crash ends the whole run).
    case none

    /// The worker group of every node of `graph` under this isolation (`WorkerPool.group`); nil for `.none`.
    public func groups(of graph: PipelineGraph) -> [String: String]? {
        switch self {
        case .none:
            return nil
        case .node:
            return Dictionary(uniqueKeysWithValues: graph.graph.nodes.map { ($0.key, $0.key) })
        case .dataset:
            return Self.groups(of: graph) { run, _ in "dataset-" + run.stageKeys[.dataset] }
        case .generator:
            return Self.groups(of: graph) { run, stage in
                stage == .dataset ? run.stageKeys[.dataset] : "generator-" + run.stageKeys[.generator]
            }
        }
    }

    /// The worker of each stage node of every run of `graph`, named by `worker(run, stage)`.
    private static func groups(of graph: PipelineGraph, worker: (PlannedRun, PipelineStage) -> String) -> [String: String] {
        var groups: [String: String] = [:]
        for run in graph.runs {
            for stage in PipelineStage.allCases { groups[run.stageKeys[stage]] = worker(run, stage) }
        }
        return groups
    }
}
