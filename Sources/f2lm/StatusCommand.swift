import ArgumentParser
import Experiments
import Foundation

/// `f2lm status [FILE...] [--cache DIR] [--rerun failed]`: nodes done / running / pending / failed per stage, from
/// the cache and the latest Slurm submission (squeue, sacct when accounting is on, the tasks' exit files).
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show per stage the nodes done, running, pending and failed (cache + latest Slurm submission).")

    @Argument(help: "Spec files; without them, the plan of the latest submission in the cache.")
    var files: [String] = []
    @Option(help: "The cache folder.")
    var cache: String = ArtifactCache.defaultRootName
    @Option(help: "Scale preset (with spec files).")
    var scale: String = "default"
    @Option(name: .customLong("set"), help: "Override a config key: key=value. Repeatable.")
    var overrides: [String] = []
    @Option(help: "'failed': resubmit to Slurm every node not complete (failed, killed, or never started).")
    var rerun: String?
    @OptionGroup var slurm: SlurmOptionGroup
    @OptionGroup var waiting: WaitOptions

    func run() throws {
        if let rerun, rerun != "failed" { throw ValidationError("--rerun: only 'failed' is supported, found '\(rerun)'") }
        try reportingUserErrors {
            let store = ArtifactCache(root: URL(fileURLWithPath: cache))
            let latest = try SlurmManifest.latest(cache: store.root.path)
            let source: SlurmPipelineSource
            if !files.isEmpty {
                source = .plan(try PlanDocument.of(files: files, scale: scale, overrides: overrides))
            } else if let latest {
                source = latest.source
            } else {
                throw ValidationError("no spec files given and no Slurm submission in \(store.root.path)")
            }
            let graph = try source.load(planPipeline: PlanPipeline.build).graph
            let runner = ProcessSlurmRunner()
            if rerun == nil {
                let report = try SlurmStatus.collect(graph: graph, cache: store, submission: latest,
                                                     runner: latest.map { $0.dryRun } == false ? runner : nil)
                print(report.render(), terminator: "")
                return
            }
            let options = slurm.isEmpty ? (latest?.options ?? SlurmOptions()) : slurm.options
            guard let manifest = try SlurmExecutor.rerunFailed(graph: graph, cache: store, source: source,
                                                               options: options, runner: runner) else {
                throw ValidationError("no earlier Slurm submission in \(store.root.path) to rerun")
            }
            describe(manifest)
            if waiting.wait { try waitAndReport(manifest, graph: graph, cache: store, interval: waiting.interval) }
        }
    }
}
