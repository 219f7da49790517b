import JobRunner

/// What a submission runs, recorded in its manifest so that each array task rebuilds the same job graph without
/// planning again.
public enum SlurmPipelineSource: Sendable, Codable, Equatable {
    /// An experiment plan as it was made at submit time (resolved and filtered: `PlanDocument`).
    case plan(PlanDocument)
    /// The synthetic probe graph (`SlurmProbe`), which checks a cluster without training anything.
    case probe(SlurmProbe)
}

/// Builds the job graph and the node executor of a plan's runs (the local runner's: `PipelineGraph` +
/// `PipelineExecutor`).
public typealias SlurmPlanPipeline = @Sendable ([PlannedRun]) throws -> (graph: JobGraph, executor: any NodeExecutor)

extension SlurmPipelineSource {
    /// The job graph and executor of this source; `.plan` calls `planPipeline` on the document's runs.
    public func load(planPipeline: SlurmPlanPipeline) throws -> (graph: JobGraph, executor: any NodeExecutor) {
        switch self {
        case .plan(let document):
            return try planPipeline(try document.plannedRuns())
        case .probe(let probe):
            return (try probe.graph(), probe.executor())
        }
    }
}
