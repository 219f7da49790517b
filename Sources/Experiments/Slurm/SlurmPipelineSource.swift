/// What a submission runs, recorded in its manifest so that each array task can rebuild the same job graph.
public enum SlurmPipelineSource: Sendable, Codable, Equatable {
    /// An experiment plan: `Plan.load(files:options:)` with these spec files (absolute paths), scale and `--set`
    /// overrides, as given at submit time.
    case plan(files: [String], scale: String?, overrides: [String])
    /// The synthetic probe graph (`SlurmProbe`), which checks a cluster without training anything.
    case probe(SlurmProbe)

    /// The plan options of a `.plan` source.
    public var planOptions: PlanOptions? {
        if case .plan(_, let scale, let overrides) = self { return PlanOptions(scale: scale, overrides: overrides) }
        return nil
    }
}

/// Builds the job graph and the node executor of a plan (the local runner's: `PipelineGraph` + `PipelineExecutor`).
public typealias SlurmPlanPipeline = @Sendable (Plan) throws -> (graph: JobGraph, executor: any NodeExecutor)

extension SlurmPipelineSource {
    /// The job graph and executor of this source; `.plan` calls `planPipeline` on the loaded plan.
    public func load(planPipeline: SlurmPlanPipeline) throws -> (graph: JobGraph, executor: any NodeExecutor) {
        switch self {
        case .plan(let files, let scale, let overrides):
            let plan = try Plan.load(files: files, options: PlanOptions(scale: scale, overrides: overrides))
            return try planPipeline(plan)
        case .probe(let probe):
            return (try probe.graph(), probe.executor())
        }
    }
}
