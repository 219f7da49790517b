import Foundation

/// Everything a `NodeExecutor` gets to run one node.
public final class NodeContext: Sendable {
    /// The node being run.
    public let node: JobNode
    /// The temporary folder to write the node's artifacts into (renamed into the cache when the node succeeds).
    public let outputDirectory: URL
    /// A folder kept across interruptions (kill -9 included) for resumable mid-phase checkpoints of this node,
    /// `<cache>/work/<key>/` when run by the scheduler; removed by the scheduler once the node's artifact is
    /// committed. Never part of the artifact.
    public let workDirectory: URL
    /// The artifact folder of every dependency, by dependency key.
    public let dependencyDirectories: [String: URL]
    /// The dependency nodes, in the order of `node.dependencies`.
    public let dependencyNodes: [JobNode]
    /// The node's log (also the source of the failure record's last lines).
    public let log: NodeLog
    /// BLAS/oneDNN threads this node may use: max(1, total threads / `--jobs`), whatever runs at the
    /// moment (so a node's numbers do not depend on timing).
    public let threadCount: Int
    private let progress: @Sendable (TrainingProgress) -> Void
    private let cancellation: CancellationFlag

    /// Creates a context (done by the scheduler; public for executor tests). `workDirectory` defaults to
    /// `<parent of outputDirectory>/.work-<key>`.
    public init(node: JobNode, outputDirectory: URL, dependencyDirectories: [String: URL], dependencyNodes: [JobNode],
                log: NodeLog, threadCount: Int, cancellation: CancellationFlag,
                workDirectory: URL? = nil,
                progress: @escaping @Sendable (TrainingProgress) -> Void) {
        // Without an explicit work folder (executor tests), a sibling of the output folder is used.
        self.workDirectory = workDirectory
            ?? outputDirectory.deletingLastPathComponent().appendingPathComponent(".work-\(node.key)", isDirectory: true)
        self.node = node
        self.outputDirectory = outputDirectory
        self.dependencyDirectories = dependencyDirectories
        self.dependencyNodes = dependencyNodes
        self.log = log
        self.threadCount = threadCount
        self.cancellation = cancellation
        self.progress = progress
    }

    /// The artifact folder of the (first) dependency of the given stage, e.g. `dependencyDirectory(stage: "generator")`.
    public func dependencyDirectory(stage: String) -> URL? {
        dependencyNodes.first { $0.stage == stage }.flatMap { dependencyDirectories[$0.key] }
    }

    /// Reports training progress (step, total, losses, steps/s) to the progress display. Cheap; call every step.
    public func reportTraining(_ report: TrainingProgress) {
        progress(report)
    }

    /// True once the plan is being cancelled (SIGINT): a long loop should stop and throw `NodeCancelled()`.
    public var isCancelled: Bool { cancellation.isCancelled }

    /// Throws `NodeCancelled` when the plan is being cancelled.
    public func checkCancellation() throws {
        if cancellation.isCancelled { throw NodeCancelled() }
    }
}
