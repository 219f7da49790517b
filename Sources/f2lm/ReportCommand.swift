import ArgumentParser
import Experiments
import Foundation
import Report

/// `f2lm report FILE... [--run HASH] [--cache DIR] [--results DIR]`: writes results/<spec>/report.html with its
/// figures, and results/index.html.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write results/<spec>/report.html (table, ROC curves, score curves, montages, training curves).")

    @Argument(help: "Spec files (e.g. experiments/*.yaml; defaults.yaml and scales/ are skipped).")
    var files: [String]

    @Option(name: .customLong("run"),
            help: "Draw score curves and montages for this run (a prefix of its run_hash) instead of the best row.")
    var runHash: String?

    @Option(help: "The artifact cache folder.")
    var cache: String = ArtifactCache.defaultRootName

    @Option(help: "The results folder.")
    var results: String = "results"

    @Option(help: "Scale preset the runs were planned with: smoke, default, paper or a YAML file.")
    var scale: String = "default"

    @Option(name: .customLong("set"), help: "The same key=value overrides the runs were planned with. Repeatable.")
    var overrides: [String] = []

    func run() throws {
        let plan = try Plan.load(files: SpecFiles.specs(among: files), options: PlanOptions(scale: scale, overrides: overrides))
        let cacheFolder = ArtifactCache(root: URL(fileURLWithPath: cache))
        let folder = ResultsFolder(root: URL(fileURLWithPath: results))
        let builder = ReportBuilder(cache: cacheFolder, results: folder,
                                    predictions: FramePredictorAdapter.source(cache: cacheFolder))
        let reports = plan.specs.map { (name: $0.spec.name, runs: ReportRun.runs(of: $0)) }
        if let prefix = runHash, !reports.contains(where: { $0.runs.contains { $0.runHash.hasPrefix(prefix) } }) {
            throw ValidationError("--run \(prefix): no run of \(files.joined(separator: " ")) has a run_hash starting so")
        }
        for report in reports {
            // --run picks the run in the spec that holds it; the other specs get their default choice.
            let selected = runHash.flatMap { prefix in report.runs.contains { $0.runHash.hasPrefix(prefix) } ? prefix : nil }
            let summary = try builder.write(spec: report.name, runs: report.runs, chosenRun: selected)
            print("wrote \(summary.page.path) (\(summary.figures.count) figure\(summary.figures.count == 1 ? "" : "s")"
                  + (summary.missing.isEmpty ? ")" : ", \(summary.missing.count) missing: see the page)"))
        }
        print("wrote \(try builder.writeIndex().path)")
    }
}
