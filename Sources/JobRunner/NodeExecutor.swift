/// Runs one stage node: reads its dependencies' artifacts from `context.dependencyDirectories`, writes its own
/// artifacts into `context.outputDirectory`, and throws on failure (an error, a NaN loss). It must not write
/// anywhere else in the cache; the scheduler writes `done.json` and moves the folder into place.
///
/// Called from worker threads, several nodes at once: implementations must be thread-safe.
public protocol NodeExecutor: Sendable {
    /// Runs `node`; throwing records the node failed (or cancelled, for `NodeCancelled`).
    func run(_ node: JobNode, in context: NodeContext) throws
}

/// What to do with nodes that already have a cache entry.
public enum RerunPolicy: String, Sendable, CaseIterable {
    /// Reuse complete artifacts; a node with a recorded failure is reported failed again without running.
    case none
    /// Reuse complete artifacts; run again the nodes recorded failed.
    case failed
    /// Remove complete artifacts of the plan's nodes and run every node again.
    case all
}
