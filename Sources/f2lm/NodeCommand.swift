import ArgumentParser
import Experiments
import Foundation
import JobRunner

/// `f2lm node run KEY (--manifest FILE | --cache DIR FILE... [--scale S] [--set k=v]...)`: runs exactly one plan
/// node through the local runner's executor, as a Slurm array task does. Exit status 0 when the node is complete.
struct NodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Plumbing for cluster executors: run one plan node.",
        subcommands: [Run.self, Serve.self])

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run one node (its dependencies must be complete in the cache).")

        @Argument(help: "The node key (a stage key of the plan).")
        var key: String

        @Option(help: "A submission manifest (<cache>/slurm/<id>/plan.json) giving the cache and the plan.")
        var manifest: String?

        @OptionGroup(title: "Without --manifest") var cache: CacheOptions

        @OptionGroup(title: "Without --manifest") var input: PlanInputOptions

        func run() throws {
            try reportingUserErrors {
                let source: SlurmPipelineSource
                let cacheRoot: String
                if let manifest {
                    let loaded = try SlurmManifest<SlurmPipelineSource>.read(URL(fileURLWithPath: manifest))
                    source = loaded.source
                    cacheRoot = loaded.cache
                } else {
                    guard !input.files.isEmpty else { throw UserError("give --manifest FILE or the spec files") }
                    source = .plan(try PlanDocument.of(input))
                    cacheRoot = cache.cache
                }
                let (graph, executor) = try source.load(planPipeline: PlanPipeline.build)
                let outcome = try SlurmNodeRunner.run(key: key, graph: graph, executor: executor,
                                                      cache: ArtifactCache(root: URL(fileURLWithPath: cacheRoot)),
                                                      numerics: NodeNumerics.current)
                print("\(outcome.status.rawValue) \(outcome.node.stage) \(outcome.node.label) [\(key)]"
                      + (outcome.reason.map { ": \($0)" } ?? "") + "\nlog: \(outcome.logPath)")
                guard outcome.status == .done || outcome.status == .reused else { throw ExitCode.failure }
            }
        }
    }
}

/// The plan pipeline the Slurm tasks run: the local runner's job graph and executor, so a node run by a Slurm
/// array task is exactly the node a local `f2lm run` would run.
enum PlanPipeline {
    static let build: SlurmPlanPipeline = { runs in
        let pipeline = try PipelineGraph(runs: runs)
        return (pipeline.graph, PipelineExecutor(graph: pipeline))
    }
}

extension PlanDocument {
    /// The document of the plan of `input` (its spec files as absolute paths).
    static func of(_ input: PlanInputOptions) throws -> PlanDocument {
        try input.requireFiles()
        let specs = absoluteSpecPaths(input.files)
        return try PlanDocument(runs: Plan.load(files: specs, options: input.planOptions).runs, files: specs,
                                options: input.planOptions)
    }
}
