import ArgumentParser
import Experiments
import Foundation
import JobRunner

/// `f2lm status [FILE...] [--cache DIR] [--rerun failed]`: nodes done / running / pending / failed per stage, from
/// the cache and the latest Slurm submission (squeue, sacct when accounting is on, the tasks' exit files).
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show per stage the nodes done, running, pending and failed (cache + latest Slurm submission).")

    @OptionGroup(title: "Plan (without spec files: the plan.json of the latest Slurm submission in the cache, else <results>/plan.json, the plan of the last f2lm run)")
    var input: PlanInputOptions
    @OptionGroup var cache: CacheOptions
    @Option(help: "The results folder (its plan.json is the plan without spec files nor Slurm submission).")
    var results: String = "results"
    @Option(help: "'failed': resubmit to Slurm every node not complete (failed, killed, or never started).")
    var rerun: RerunPolicy?
    @OptionGroup var slurm: SlurmOptionGroup
    @OptionGroup var waiting: WaitOptions

    func run() throws {
        if let rerun, rerun != .failed { throw ValidationError("--rerun: only 'failed' is supported, found '\(rerun)'") }
        try reportingUserErrors {
            let store = cache.store
            let latest = try SlurmManifest<SlurmPipelineSource>.latest(cache: store.root.path)
            let source: SlurmPipelineSource
            if !input.files.isEmpty {
                source = .plan(try PlanDocument.of(input))
            } else if let latest {
                source = latest.source
            } else {
                source = .plan(try Self.lastRunPlan(results: results, cache: store))
            }
            let graph = try source.load(planPipeline: PlanPipeline.build).graph
            let runner = ProcessSlurmRunner()
            if rerun == nil {
                let report = try SlurmStatus.collect(graph: graph, cache: store, submission: latest?.submission,
                                                     runner: latest.map { $0.dryRun } == false ? runner : nil)
                print(report.render(), terminator: "")
                return
            }
            let options = slurm.isEmpty ? (latest?.options ?? SlurmOptions()) : slurm.options
            guard let manifest = try SlurmExecutor.rerunFailed(graph: graph, cache: store, source: source, program: .f2lm,
                                                               options: options, runner: runner) else {
                throw UserError("no earlier Slurm submission in \(store.root.path) to rerun")
            }
            describe(manifest)
            if waiting.wait { try waitAndReport(manifest, graph: graph, cache: store, interval: waiting.interval) }
        }
    }
}

extension StatusCommand {
    /// The plan of the last `f2lm run` (`<results>/plan.json`), for `f2lm status` without spec files after a local run.
    static func lastRunPlan(results: String, cache: ArtifactCache) throws -> PlanDocument {
        let planURL = URL(fileURLWithPath: results).appendingPathComponent(PlanDocument.fileName)
        guard FileManager.default.fileExists(atPath: planURL.path) else {
            throw UserError("no spec files given, no Slurm submission in \(cache.root.path) and no \(planURL.path) "
                            + "(f2lm run writes it; or name the spec files)")
        }
        return try PlanDocument.read(planURL)
    }
}
