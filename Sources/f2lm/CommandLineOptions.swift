import ArgumentParser
import Experiments
import Foundation
import JobRunner

extension RerunPolicy: ExpressibleByArgument {}
extension PlanFormatter.Format: ExpressibleByArgument {}
extension ResultsComparison.Alignment: ExpressibleByArgument {}

/// Where `f2lm run` sends the plan's nodes (`--executor`).
enum ExecutorKind: String, CaseIterable, ExpressibleByArgument {
    /// In this process, `--jobs` at once.
    case local
    /// As Slurm job arrays, one per stage level.
    case slurm
}

/// The spec files, scale preset and `--set` overrides a plan is made from: declared once, shared by every
/// command that plans.
struct PlanInputOptions: ParsableArguments {
    @Argument(help: "Spec files (e.g. experiments/*.yaml; defaults.yaml, scales/ and datasets/ are skipped).")
    var files: [String] = []

    @Option(help: "Scale preset: smoke, default, paper (experiments/scales/NAME.yaml) or a YAML file.")
    var scale: String = "default"

    @Option(name: .customLong("set"), help: "Override a config key for every run: key=value (YAML value). Repeatable.")
    var overrides: [String] = []

    /// The scale and overrides as the planner takes them.
    var planOptions: PlanOptions { PlanOptions(scale: scale, overrides: overrides) }

    /// The spec files among `files` (config files skipped).
    var specs: [String] { SpecFiles.specs(among: files) }

    /// Throws unless spec files were given.
    func requireFiles() throws {
        if files.isEmpty { throw UserError("no spec file given (e.g. experiments/*.yaml)") }
    }

    /// Parses and expands the specs.
    func plan() throws -> Plan {
        try requireFiles()
        return try Plan.load(files: specs, options: planOptions)
    }
}

/// `--cache DIR`, declared once.
struct CacheOptions: ParsableArguments {
    @Option(help: "The artifact cache folder (with Slurm: on a filesystem every node shares).")
    var cache: String = ArtifactCache.defaultRootName

    /// The cache at `cache`.
    var store: ArtifactCache { ArtifactCache(root: URL(fileURLWithPath: cache)) }
}
