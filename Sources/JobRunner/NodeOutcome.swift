/// What happened to one node in a scheduler run.
public enum NodeStatus: String, Sendable, Codable, CaseIterable {
    /// Ran and completed in this run.
    case done
    /// A complete artifact was already in the cache (possibly written by a concurrent process).
    case reused
    /// Threw, or a failure is recorded from an earlier run and the rerun policy is `none`.
    case failed
    /// Not run because a dependency failed or was skipped.
    case skipped
    /// Not run (or stopped) because the plan was cancelled.
    case cancelled
}

/// The outcome of one node.
public struct NodeOutcome: Sendable, Equatable {
    /// The node.
    public var node: JobNode
    /// Its status.
    public var status: NodeStatus
    /// Wall seconds of the executor for `done`, of the earlier run (from done.json) for `reused`, else 0.
    public var seconds: Double
    /// Why it failed, was skipped or cancelled; nil for done/reused.
    public var reason: String?
    /// Path of the node's log file.
    public var logPath: String
    /// For `skipped`: the key of the failed ancestor.
    public var failedAncestor: String?

    /// Creates an outcome.
    public init(node: JobNode, status: NodeStatus, seconds: Double = 0, reason: String? = nil, logPath: String,
                failedAncestor: String? = nil) {
        self.node = node
        self.status = status
        self.seconds = seconds
        self.reason = reason
        self.logPath = logPath
        self.failedAncestor = failedAncestor
    }
}

extension NodeOutcome {
    /// The outcome of a node whose artifact is complete in `cache`: `reused`, with the wall time its `done.json`
    /// recorded; nil when the node is not complete.
    public static func reused(_ node: JobNode, in cache: ArtifactCache) -> NodeOutcome? {
        guard cache.isComplete(stage: node.stage, key: node.key) else { return nil }
        let seconds = cache.completionRecord(stage: node.stage, key: node.key)?.wallSeconds ?? 0
        return NodeOutcome(node: node, status: .reused, seconds: seconds, logPath: cache.logFile(key: node.key).path)
    }
}
