import ArgumentParser
import Experiments
import Foundation

/// `f2lm node run KEY (--manifest FILE | --cache DIR FILE... [--scale S] [--set k=v]...)`: runs exactly one plan
/// node through the local runner's executor, as a Slurm array task does. Exit status 0 when the node is complete.
struct NodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Plumbing for cluster executors: run one plan node.",
        subcommands: [Run.self])

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run one node (its dependencies must be complete in the cache).")

        @Argument(help: "The node key (a stage key of the plan).")
        var key: String

        @Option(help: "A submission manifest (<cache>/slurm/<id>/plan.json) giving the cache and the plan.")
        var manifest: String?

        @Option(help: "The cache folder (without --manifest).")
        var cache: String = ArtifactCache.defaultRootName

        @Argument(help: "Spec files (without --manifest).")
        var files: [String] = []

        @Option(name: .customLong("set"), help: "Override a config key: key=value. Repeatable.")
        var overrides: [String] = []

        @Option(help: "Scale preset (without --manifest).")
        var scale: String = "default"

        func run() throws {
            do {
                let source: SlurmPipelineSource
                let cacheRoot: String
                if let manifest {
                    let loaded = try SlurmManifest.read(URL(fileURLWithPath: manifest))
                    source = loaded.source
                    cacheRoot = loaded.cache
                } else {
                    guard !files.isEmpty else { throw ValidationError("give --manifest FILE or the spec files") }
                    source = .plan(try PlanDocument.of(files: files, scale: scale, overrides: overrides))
                    cacheRoot = cache
                }
                let (graph, executor) = try source.load(planPipeline: PlanPipeline.build)
                let outcome = try SlurmNodeRunner.run(key: key, graph: graph, executor: executor,
                                                      cache: ArtifactCache(root: URL(fileURLWithPath: cacheRoot)))
                print("\(outcome.status.rawValue) \(outcome.node.stage) \(outcome.node.label) [\(key)]"
                      + (outcome.reason.map { ": \($0)" } ?? "") + "\nlog: \(outcome.logPath)")
                guard outcome.status == .done || outcome.status == .reused else { throw ExitCode.failure }
            } catch let error as SourceError {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode.failure
            } catch let error as SlurmError {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode.failure
            } catch let error as PlanDocumentError {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode.failure
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
    /// The document of the plan of `files` (spec files among them, as absolute paths) with `scale` and `--set`.
    static func of(files: [String], scale: String, overrides: [String]) throws -> PlanDocument {
        let specs = absoluteSpecPaths(files)
        let options = PlanOptions(scale: scale, overrides: overrides)
        return try PlanDocument(runs: Plan.load(files: specs, options: options).runs, files: specs, options: options)
    }
}
