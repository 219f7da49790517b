import F2LM

/// The job graph of a plan as keys only: one node per distinct stage key of its runs, chained dataset → generator
/// → destroyer → scores → evaluation (the same keys and dependencies as the local runner's graph), for status and
/// submission when the pipeline executor is not needed.
public enum SlurmPlanGraph {
    /// The deduplicated graph of every run of `plan`.
    public static func graph(of plan: Plan) throws -> JobGraph {
        var graph = JobGraph()
        for run in plan.runs {
            var upstream: [String] = []
            for stage in PipelineStage.allCases {
                let key = run.stageKeys[stage]
                try graph.add(JobNode(key: key, stage: stage.rawValue, dependencies: upstream,
                                      label: "\(stage.rawValue) \(run.dataset.rawValue) seed \(run.seed) [\(run.specName): \(run.label)]"))
                upstream = [key]
            }
        }
        try graph.validate()
        return graph
    }
}
