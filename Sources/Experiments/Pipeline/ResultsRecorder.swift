import F2LM
import Foundation
import JobRunner

/// Keeps `results/<spec>/runs.csv` of every spec of a plan up to date while it runs: every run listed from the
/// start (`pending`), the file rewritten atomically each time one of a spec's runs changes state, and at the end
/// `runs.json` (each run's state, seconds and `RunRecord`), `video_pairs.json` and the tables written once, from the
/// plan and the runs' records (`ResultsFolder.renderTables`). The only artifact read from the cache is each finished
/// run's `record.json`. Thread-safe.
public final class ResultsRecorder: @unchecked Sendable {
    // Safe to share: `results`, `records` and `outcomes` are only touched while `lock` is held.
    private let lock = NSLock()
    private var results: [String: RunResultsFile] = [:]
    private var records: [String: RunRecord] = [:]
    private var outcomes: [String: NodeOutcome] = [:]
    /// The plan recorded.
    public let plan: Plan
    /// The plan as a document: the runs with their results labels, and the table layouts.
    public let document: PlanDocument
    /// The results folder.
    public let folder: ResultsFolder
    /// The cache holding the evaluation artifacts (`record.json`).
    public let cache: ArtifactCache

    /// Writes the initial runs.csv of every spec (all runs `pending`).
    public init(plan: Plan, folder: ResultsFolder, cache: ArtifactCache) throws {
        self.plan = plan
        self.document = try PlanDocument(plan: plan, files: plan.specs.map(\.spec.name), options: PlanOptions())
        self.folder = folder
        self.cache = cache
        for expanded in plan.specs {
            results[expanded.spec.name] = RunResultsFile()
            try writeRuns(spec: expanded.spec.name)
        }
    }

    /// Records a node's outcome; when it is a run's last node (evaluation) or it failed, the affected runs'
    /// rows are updated and their specs' runs.csv rewritten.
    public func nodeFinished(_ outcome: NodeOutcome) {
        lock.lock()
        defer { lock.unlock() }
        outcomes[outcome.node.key] = outcome
        guard outcome.node.stage == PipelineStage.evaluation.rawValue || outcome.status == .failed else { return }
        var changed: Set<String> = []
        for run in document.runs where PipelineStage.allCases.contains(where: { run.stageKeys[$0] == outcome.node.key }) {
            update(run)
            changed.insert(run.spec)
        }
        for spec in changed { try? writeRuns(spec: spec) }
    }

    /// Sets a run's state, stage seconds and record from the outcomes known so far (lock held).
    private func update(_ run: PlanDocument.Run) {
        let summary = SchedulerSummary(outcomes: Array(outcomes.values), interrupted: false, wallSeconds: 0)
        let state = summary.runState(stageKeys: PipelineGraph.stageKeyMap(run.stageKeys))
        var outcome = RunResultsFile.Run(status: state.status, stageSeconds: state.stageSeconds)
        if state.status == .done {
            if let record = record(evaluationKey: run.stageKeys.evaluation) {
                outcome.record = record
            } else {
                outcome.status = .failed
            }
        }
        results[run.spec, default: RunResultsFile()].runs[run.hash] = outcome
    }

    /// The record of an evaluation node, read once from the cache (lock held); nil when it cannot be read.
    private func record(evaluationKey key: String) -> RunRecord? {
        if let known = records[key] { return known }
        let url = cache.artifactDirectory(stage: PipelineStage.evaluation.rawValue, key: key)
            .appendingPathComponent(RunRecord.fileName)
        let record = try? RunRecord.read(from: url)
        records[key] = record
        return record
    }

    /// Rewrites a spec's runs.csv from the plan and the outcomes so far (lock held, or during init).
    private func writeRuns(spec: String) throws {
        try folder.writeRuns(ResultsRendering.runsCSV(spec: spec, plan: document, results: results[spec] ?? RunResultsFile()),
                             spec: spec)
    }

    /// The current runs.csv records of a spec.
    public func records(spec: String) -> [RunsCSV.Record] {
        lock.lock()
        defer { lock.unlock() }
        return ResultsRendering.runsCSV(spec: spec, plan: document, results: results[spec] ?? RunResultsFile()).records
    }

    /// Final pass: every run's state from the summary; per spec runs.csv, runs.json and `video_pairs.json` written;
    /// then every table (`table.{md,csv,json}` per spec, with verdicts) and `TABLES.md` with `provenance`, rendered
    /// from the plan (this one, with the other specs of `results/plan.json`) and the runs' records.
    public func finish(summary: SchedulerSummary, provenance: TablesProvenance) throws {
        lock.lock()
        for outcome in summary.outcomes { outcomes[outcome.node.key] = outcome }
        for run in document.runs { update(run) }
        let snapshot = results
        lock.unlock()
        for expanded in plan.specs {
            let spec = expanded.spec.name
            let file = snapshot[spec] ?? RunResultsFile()
            try folder.writeRuns(ResultsRendering.runsCSV(spec: spec, plan: document, results: file), spec: spec)
            try file.write(to: folder.runResultsURL(spec: spec))
            try file.videoPairs.write(to: folder.pairsURL(spec: spec))
        }
        let stored = folder.planURL
        let previous = FileManager.default.fileExists(atPath: stored.path) ? try? PlanDocument.read(stored) : nil
        let merged = previous.map { document.merged(keepingOtherSpecsOf: $0) } ?? document
        try folder.renderTables(plan: merged, provenance: provenance, known: snapshot)
    }
}
