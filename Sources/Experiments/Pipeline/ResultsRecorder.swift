import F2LM
import Foundation
import JobRunner

/// Keeps `results/<spec>/runs.csv` of every spec of a plan up to date while it runs: every run listed from the
/// start (`pending`), the file rewritten atomically each time one of a spec's runs changes state, and the
/// tables (`table.{md,csv,json}` per spec, `TABLES.md`) written at the end. Thread-safe.
public final class ResultsRecorder: @unchecked Sendable {
    // Safe to share: `records` and `outcomes` are only touched while `lock` is held.
    private let lock = NSLock()
    private var records: [String: [RunsCSV.Record]] = [:]
    private var outcomes: [String: NodeOutcome] = [:]
    /// The plan recorded.
    public let plan: Plan
    /// The results folder.
    public let folder: ResultsFolder
    /// The cache holding the evaluation artifacts (`metrics.json`).
    public let cache: ArtifactCache

    /// Writes the initial runs.csv of every spec (all runs `pending`).
    public init(plan: Plan, folder: ResultsFolder, cache: ArtifactCache) throws {
        self.plan = plan
        self.folder = folder
        self.cache = cache
        for expanded in plan.specs {
            records[expanded.spec.name] = expanded.runs.map { ResultsLayout.record(of: $0, in: expanded.spec) }
            try folder.writeRuns(RunsCSV(records: records[expanded.spec.name]!), spec: expanded.spec.name)
        }
    }

    /// Records a node's outcome; when it is a run's last node (evaluation) or it failed, the affected runs'
    /// rows are updated and their specs' runs.csv rewritten.
    public func nodeFinished(_ outcome: NodeOutcome) {
        lock.lock()
        defer { lock.unlock() }
        outcomes[outcome.node.key] = outcome
        guard outcome.node.stage == PipelineStage.evaluation.rawValue || outcome.status == .failed else { return }
        for expanded in plan.specs {
            var changed = false
            for (index, run) in expanded.runs.enumerated()
            where PipelineStage.allCases.contains(where: { run.stageKeys[$0] == outcome.node.key }) {
                update(&records[expanded.spec.name]![index], run: run)
                changed = true
            }
            if changed { try? folder.writeRuns(RunsCSV(records: records[expanded.spec.name]!), spec: expanded.spec.name) }
        }
    }

    /// Sets a run's status, stage seconds and metrics from the outcomes known so far (lock held).
    private func update(_ record: inout RunsCSV.Record, run: PlannedRun) {
        let summary = SchedulerSummary(outcomes: Array(outcomes.values), interrupted: false, wallSeconds: 0)
        let state = summary.runState(stageKeys: PipelineGraph.stageKeyMap(run))
        record.status = state.status
        record.stageSeconds = state.stageSeconds
        if state.status == .done {
            let url = cache.artifactDirectory(stage: PipelineStage.evaluation.rawValue, key: run.stageKeys.evaluation)
                .appendingPathComponent(RunMetrics.fileName)
            if let metrics = try? RunMetrics.read(from: url) {
                ResultsLayout.apply(metrics, to: &record)
                let scores = cache.artifactDirectory(stage: PipelineStage.scores.rawValue, key: run.stageKeys.scores)
                let hinges = TripletHingeDiagnostics.read(scores: scores.appendingPathComponent("scores.csv"))
                record.labelTripletZero = hinges?.labelZero
                record.motionTripletZero = hinges?.motionZero
                if run.config.destroyer.enabled {
                    let log = cache.artifactDirectory(stage: PipelineStage.destroyer.rawValue, key: run.stageKeys.destroyer)
                        .appendingPathComponent("training_log.csv")
                    let diagnostics = DestroyerDiagnostics.read(trainingLog: log)
                    record.destroyerDifficultyClean = diagnostics?.difficultyClean
                    record.destroyerDifficultyNoised = diagnostics?.difficultyNoised
                    let change = DestroyerChange.read(from: StageArtifact.destroyerChange.url(
                        in: cache.artifactDirectory(stage: PipelineStage.scores.rawValue, key: run.stageKeys.scores)))
                    record.destroyerChangeInside = change?.inside
                    record.destroyerChangeOutside = change?.outside
                }
            } else {
                record.status = .failed
            }
        }
    }

    /// The per-video pair counts of every finished run of a spec, from its `scores.csv` and `metrics.json` in the
    /// cache (a run whose files cannot be read is left out: its claims then say so).
    func videoPairs(of expanded: ExpandedSpec, records: [RunsCSV.Record]) -> VideoPairsFile {
        var file = VideoPairsFile()
        for (run, record) in zip(expanded.runs, records) where record.status == .done {
            let scores = cache.artifactDirectory(stage: PipelineStage.scores.rawValue, key: run.stageKeys.scores)
                .appendingPathComponent("scores.csv")
            let metrics = cache.artifactDirectory(stage: PipelineStage.evaluation.rawValue, key: run.stageKeys.evaluation)
                .appendingPathComponent(RunMetrics.fileName)
            if let counts = try? VideoPairsFile.pairCounts(scores: scores, metrics: metrics) {
                file.runs[record.runHash] = counts
            }
        }
        return file
    }

    /// The current records of a spec.
    public func records(spec: String) -> [RunsCSV.Record] {
        lock.lock()
        defer { lock.unlock() }
        return records[spec] ?? []
    }

    /// Final pass: every run's row from the summary, runs.csv and `video_pairs.json` rewritten, `table.{md,csv,json}`
    /// per spec (with verdicts), and
    /// `TABLES.md` re-rendered over every table in the results folder with `provenance`.
    public func finish(summary: SchedulerSummary, provenance: TablesProvenance) throws {
        lock.lock()
        for outcome in summary.outcomes { outcomes[outcome.node.key] = outcome }
        for expanded in plan.specs {
            for (index, run) in expanded.runs.enumerated() { update(&records[expanded.spec.name]![index], run: run) }
        }
        let snapshot = records
        lock.unlock()
        for expanded in plan.specs {
            let runs = RunsCSV(records: snapshot[expanded.spec.name] ?? [])
            try folder.writeRuns(runs, spec: expanded.spec.name)
            try videoPairs(of: expanded, records: runs.records).write(to: folder.pairsURL(spec: expanded.spec.name))
            try folder.writeTable(ResultsLayout.description(of: expanded), runs: runs)
        }
        try folder.rerenderAll(provenance: provenance)
    }
}
