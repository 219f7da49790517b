/// A `NodeExecutor` that sends each node to the handler registered for its stage name (dataset, generator,
/// destroyer, scores, evaluation). A node of a stage without a handler fails with `RoutingExecutor.UnknownStage`.
public struct RoutingExecutor: NodeExecutor {
    /// The error for a node whose stage has no handler.
    public struct UnknownStage: Error, CustomStringConvertible {
        /// The stage name.
        public var stage: String
        /// "no executor for stage '<stage>'".
        public var description: String { "no executor for stage '\(stage)'" }
    }

    /// Runs one node of one stage (same contract as `NodeExecutor.run`).
    public typealias Handler = @Sendable (JobNode, NodeContext) throws -> Void

    /// Handlers by stage name.
    public var handlers: [String: Handler]

    /// An executor with these handlers.
    public init(_ handlers: [String: Handler]) {
        self.handlers = handlers
    }

    /// Calls the handler of `node.stage`.
    public func run(_ node: JobNode, in context: NodeContext) throws {
        guard let handler = handlers[node.stage] else { throw UnknownStage(stage: node.stage) }
        try handler(node, context)
    }
}
