/// What results/ holds, as pure functions of the plan (`PlanDocument`: the runs with their results labels, the
/// table layouts) and the runs' outcomes (`RunResultsFile`: state, seconds, `RunRecord`): the same inputs give the
/// same bytes, whether the run just finished or `f2lm tables` renders them later without the cache.
public enum ResultsRendering {
    /// The plan's runs of `spec`, in plan order.
    public static func runs(spec: String, plan: PlanDocument) -> [PlanDocument.Run] {
        plan.runs.filter { $0.spec == spec }
    }

    /// `<spec>/runs.csv`: one row per planned run of the spec with its outcome (pending without one).
    public static func runsCSV(spec: String, plan: PlanDocument, results: RunResultsFile) -> RunsCSV {
        RunsCSV(records: runs(spec: spec, plan: plan).map(results.record(of:)))
    }

    /// The paper table of `spec` (its layout from the plan, its cells and verdicts from the runs' records); nil
    /// when the plan has no layout for it.
    public static func table(spec: String, plan: PlanDocument, results: RunResultsFile) -> PaperTable? {
        guard let layout = plan.table(spec: spec) else { return nil }
        return PaperTable(description: layout, records: runsCSV(spec: spec, plan: plan, results: results).records,
                          pairs: results.videoPairs)
    }
}
