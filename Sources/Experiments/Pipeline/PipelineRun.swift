import F2LM
import Foundation
import JobRunner

/// Runs a plan end to end: builds the job graph, runs it with the scheduler against the cache, keeps
/// results/<spec>/runs.csv current, and writes the tables. What `f2lm run` does, callable from tests.
public struct PipelineRun: Sendable {
    /// The (filtered) plan.
    public var plan: Plan
    /// The cache.
    public var cache: ArtifactCache
    /// The results folder.
    public var results: ResultsFolder
    /// Nodes running at once.
    public var jobs: Int
    /// Threads shared by the running nodes.
    public var threads: Int
    /// What to do with cached nodes.
    public var rerun: RerunPolicy
    /// Scale name written into TABLES.md.
    public var scale: String
    /// The model stages.
    public var stages: ModelStageFunctions
    /// Where nodes write TensorBoard logs (nil: nowhere; `f2lm run` passes `<cache>/tensorboard` by default).
    public var tensorBoard: TensorBoardLogging?
    /// How nodes run apart from each other (`NodeIsolation`); with `.generator` or `.node` they run in worker
    /// processes started with `workerCommand` (then `--plan FILE` is appended), else in this process.
    public var isolation: NodeIsolation = .none
    /// The worker command line (executable and arguments: `f2lm node serve --cache DIR …`); nil runs nodes in process.
    public var workerCommand: [String]?
    /// Seconds a node may run in a worker before the worker is killed and the node recorded failed (nil: no limit).
    public var nodeTimeout: Double?

    /// Creates a run description.
    public init(plan: Plan, cache: ArtifactCache, results: ResultsFolder, jobs: Int = 2,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount, rerun: RerunPolicy = .none,
                scale: String = "default", stages: ModelStageFunctions = .model, tensorBoard: TensorBoardLogging? = nil) {
        self.plan = plan
        self.cache = cache
        self.results = results
        self.jobs = jobs
        self.threads = threads
        self.rerun = rerun
        self.scale = scale
        self.stages = stages
        self.tensorBoard = tensorBoard
    }

    /// Runs every node, writing runs.csv as runs finish and the tables at the end (also when nodes failed or the
    /// plan was cancelled: unfinished runs are listed `pending`). Returns the scheduler's summary.
    public func execute(reporter: ProgressReporter? = nil, cancellation: CancellationFlag = CancellationFlag()) throws
        -> SchedulerSummary {
        let graph = try PipelineGraph(runs: plan.runs)
        let recorder = try ResultsRecorder(plan: plan, folder: results, cache: cache)
        let workers = try workerPool(graph: graph, cancellation: cancellation)
        defer { if let planFile = workers?.planFile { try? FileManager.default.removeItem(at: planFile) } }
        let scheduler = Scheduler(cache: cache, executor: PipelineExecutor(graph: graph, stages: stages, tensorBoard: tensorBoard),
                                  jobs: jobs, totalThreads: threads, rerun: rerun, reporter: reporter,
                                  cancellation: cancellation, onNodeFinished: { recorder.nodeFinished($0) },
                                  numerics: NodeNumerics.current, launcher: workers?.pool)
        let summary = try scheduler.run(graph.graph)
        try recorder.finish(summary: summary, provenance: Self.provenance(scale: scale))
        return summary
    }

    /// The worker pool of an isolated run and the plan file its workers read (`<cache>/.workers/plan-<pid>.json`,
    /// removed when the run ends); nil when nodes run in this process.
    func workerPool(graph: PipelineGraph, cancellation: CancellationFlag) throws -> (pool: WorkerPool, planFile: URL)? {
        guard let workerCommand, let groups = isolation.groups(of: graph) else { return nil }
        let folder = cache.root.appendingPathComponent(".workers", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let planFile = folder.appendingPathComponent("plan-\(getpid()).json")
        try PlanDocument(runs: plan.runs, files: plan.specs.map(\.spec.name), options: PlanOptions()).write(to: planFile)
        let pool = WorkerPool(command: workerCommand + ["--plan", planFile.path], nodes: graph.graph.nodes,
                              group: { groups[$0.key] ?? $0.key }, nodeTimeout: nodeTimeout, cancellation: cancellation,
                              idleLimit: isolation == .node ? 0 : jobs)
        return (pool, planFile)
    }

    /// Writes runs.csv and the tables from what the cache holds, running nothing: for nodes that ran elsewhere
    /// (Slurm array tasks). A complete node counts as reused (with its recorded wall time), a node with a failure
    /// record as failed, any other node as not run (its runs stay `pending`). Returns that summary.
    public func recordFromCache() throws -> SchedulerSummary {
        let graph = try PipelineGraph(runs: plan.runs)
        let recorder = try ResultsRecorder(plan: plan, folder: results, cache: cache)
        var outcomes: [NodeOutcome] = []
        for node in try graph.graph.topologicalOrder() {
            if let reused = NodeOutcome.reused(node, in: cache) {
                outcomes.append(reused)
            } else if let failure = cache.failureRecord(stage: node.stage, key: node.key) {
                outcomes.append(NodeOutcome(node: node, status: .failed, reason: failure.reason,
                                            logPath: cache.logFile(key: node.key).path))
            }
        }
        let summary = SchedulerSummary(outcomes: outcomes, interrupted: false, wallSeconds: 0)
        try recorder.finish(summary: summary, provenance: Self.provenance(scale: scale))
        return summary
    }

    /// Scale, today's date (UTC) and `git rev-parse --short HEAD` ("unknown" outside a git checkout).
    public static func provenance(scale: String) -> TablesProvenance {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return TablesProvenance(scale: scale, date: formatter.string(from: Date()), commit: gitCommit() ?? "unknown")
    }

    static func gitCommit() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "rev-parse", "--short", "HEAD"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// The dry-run listing: per stage the number of nodes complete, failed (recorded) and pending in the cache,
    /// then one line per run with the state of each of its five nodes (`✓` complete, `✗` failed, `·` pending).
    public func dryRunListing() throws -> String {
        let graph = try PipelineGraph(runs: plan.runs)
        // Each node's state is looked up once: verifying a completion record digests the artifact's files, and
        // runs share nodes (a dataset artifact serves every run on it), so per-run lookups repeated that work.
        var states: [String: String] = [:]
        func state(_ stage: String, _ key: String) -> String {
            if let known = states[stage + "/" + key] { return known }
            let found = cache.isComplete(stage: stage, key: key) ? "complete"
                : cache.failureRecord(stage: stage, key: key) != nil ? "failed" : "pending"
            states[stage + "/" + key] = found
            return found
        }
        var text = plan.summary + "\n"
        text += "nodes: \(graph.graph.count) (trained destroyers: \(graph.trainedDestroyers)); cache \(cache.root.path)\n"
        for stage in PipelineStage.allCases {
            let nodes = graph.graph.nodes.filter { $0.stage == stage.rawValue }
            let states = nodes.map { state($0.stage, $0.key) }
            text += "  \(stage.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(nodes.count) nodes: "
                + "\(states.filter { $0 == "complete" }.count) complete, \(states.filter { $0 == "failed" }.count) failed, "
                + "\(states.filter { $0 == "pending" }.count) pending\n"
        }
        if let otherCode = cache.otherCodeSummary(for: graph.graph.nodes) { text += "  \(otherCode)\n" }
        for expanded in plan.specs {
            text += "\(expanded.spec.name):\n"
            for run in expanded.runs {
                let marks = PipelineStage.allCases.map { stage -> String in
                    switch state(stage.rawValue, run.stageKeys[stage]) {
                    case "complete": return "✓"
                    case "failed": return "✗"
                    default: return "·"
                    }
                }.joined()
                text += "  \(marks) \(run.dataset.rawValue) seed \(run.seed) \(ResultsLayout.configurationLabel(of: run, in: expanded.spec)) [\(run.hash.prefix(12))]\n"
            }
        }
        text += "(✓ complete, ✗ failed, · pending; stages: dataset, generator, destroyer, scores, evaluation)\n"
        return text
    }
}
