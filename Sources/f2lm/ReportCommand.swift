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

    @OptionGroup(title: "Plan (the same scale and --set the runs were planned with)")
    var input: PlanInputOptions

    @Option(name: .customLong("run"),
            help: "Draw score curves and montages for this run (a prefix of its run_hash) instead of the best row.")
    var runHash: String?

    @OptionGroup var cache: CacheOptions

    @Option(help: "The results folder.")
    var results: String = "results"

    func run() throws {
        try reportingUserErrors { try write() }
    }

    func write() throws {
        let plan = try input.plan()
        let cacheFolder = cache.store
        let folder = ResultsFolder(root: URL(fileURLWithPath: results))
        let builder = ReportBuilder(cache: cacheFolder, results: folder,
                                    predictions: FramePredictorAdapter.source(cache: cacheFolder))
        let reports = plan.specs.map { (name: $0.spec.name, runs: ReportRun.runs(of: $0)) }
        if let prefix = runHash, !reports.contains(where: { $0.runs.contains { $0.runHash.hasPrefix(prefix) } }) {
            throw UserError("--run \(prefix): no run of \(input.files.joined(separator: " ")) has a run_hash starting so")
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
