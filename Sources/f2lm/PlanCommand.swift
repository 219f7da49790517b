import ArgumentParser
import Experiments
import Foundation

/// `f2lm plan FILE... [--set k=v]... [--scale NAME] [--format table|csv|json]`: prints the expanded grid of
/// runs (row, dataset, seed, what differs from the base, run hash) and the number of distinct stage nodes.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Expand experiment specs into their runs, without running anything.")

    @Argument(help: "Spec files (e.g. experiments/*.yaml; defaults.yaml and scales/ are skipped).")
    var files: [String]

    @Option(name: .customLong("set"), help: "Override a config key for every run: key=value (YAML value). Repeatable.")
    var overrides: [String] = []

    @Option(help: "Scale preset: smoke, default, paper (experiments/scales/NAME.yaml) or a YAML file.")
    var scale: String = "default"

    @Option(help: "Output format: table, csv or json.")
    var format: String = "table"

    @Option(help: "Also write the resolved plan (plan.json, read by status and the Slurm tasks) into this folder.")
    var results: String?

    func run() throws {
        guard let outputFormat = PlanFormatter.Format(rawValue: format) else {
            throw ValidationError("--format: expected table, csv or json, found '\(format)'")
        }
        do {
            let plan = try Plan.load(files: SpecFiles.specs(among: files),
                                     options: PlanOptions(scale: scale, overrides: overrides))
            print(PlanFormatter.render(plan, format: outputFormat), terminator: "")
            if let results {
                let specs = absoluteSpecPaths(files)
                try PlanDocument(runs: plan.runs, files: specs, options: PlanOptions(scale: scale, overrides: overrides))
                    .write(to: URL(fileURLWithPath: results).appendingPathComponent(PlanDocument.fileName))
            }
        } catch let error as SourceError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
