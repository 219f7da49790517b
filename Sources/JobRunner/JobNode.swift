/// One stage of one run in the execution plan: a unit of work whose artifacts live in the cache under its key.
///
/// The key is a content hash computed by the plan builder from the parameters the stage reads plus the keys of its
/// upstream nodes, so two runs that share a stage share its node (and its artifact).
public struct JobNode: Sendable, Hashable, Codable {
    /// Content hash of the node (lower-case hex in practice); names the cache folder, lock and log of the node.
    public var key: String
    /// Stage name, also the cache sub-folder: "dataset", "generator", "destroyer", "scores" or "evaluation".
    public var stage: String
    /// Keys of the nodes whose artifacts this node reads; they must complete before it starts.
    public var dependencies: [String]
    /// Human label shown in progress lines and failure summaries, e.g. "generator walkway seed 0 (fusion=se)".
    public var label: String
    /// Expected relative cost (any unit, e.g. training steps × pixels); used for the ETA before a stage is measured.
    public var costHint: Double
    /// The key the node would have if the identity of the code that computes it were left out (its parameters and
    /// its upstream's parameters alone), or nil when keys cover no code. Two nodes differing only by code share it;
    /// recorded in `done.json` so an artifact of other code can be recognised (`ArtifactCache.otherCodeArtifacts`).
    public var parameterKey: String?
    /// The code identity the key covers (e.g. `numerics dataset=1 generator=1`), recorded in `done.json`.
    public var codeIdentity: String?

    /// Creates a node; `dependencies` are keys of other nodes of the same graph.
    public init(key: String, stage: String, dependencies: [String] = [], label: String, costHint: Double = 1,
                parameterKey: String? = nil, codeIdentity: String? = nil) {
        self.parameterKey = parameterKey
        self.codeIdentity = codeIdentity
        self.key = key
        self.stage = stage
        self.dependencies = dependencies
        self.label = label
        self.costHint = costHint
    }
}
