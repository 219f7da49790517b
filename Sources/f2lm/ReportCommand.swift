import ArgumentParser
import Experiments
import F2LM
import Foundation
import Report
import TensorCore
import VideoData

/// `f2lm report [FILE...] [--run HASH] [--cache DIR] [--results DIR]`: writes results/<spec>/report.html with its
/// figures, and results/index.html. Without spec files the runs come from `<results>/plan.json` (the plan the last
/// `f2lm run` wrote, with the keys its nodes were cached under), so the report never depends on repeating the
/// same `--scale`/`--set`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write results/<spec>/report.html (table, ROC curves, score curves, montages, training curves).")

    @OptionGroup(title: "Plan (without spec files: <results>/plan.json, the plan of the last f2lm run)")
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
        // The runs' frame predictors read each dataset's test split: prepared once (PreparedVideoMemo).
        PreparedVideoMemo.isEnabled = true
        let cacheFolder = cache.store
        let folder = ResultsFolder(root: URL(fileURLWithPath: results))
        let builder = ReportBuilder(cache: cacheFolder, results: folder,
                                    predictions: FramePredictorAdapter.source(cache: cacheFolder))
        let reports: [(name: String, runs: [ReportRun])]
        let source: String
        if input.files.isEmpty {
            let planURL = folder.root.appendingPathComponent(PlanDocument.fileName)
            guard FileManager.default.fileExists(atPath: planURL.path) else {
                throw UserError("no spec files given and no \(planURL.path) (f2lm run writes it; or name the spec files)")
            }
            reports = try Self.reports(plan: try PlanDocument.read(planURL), source: planURL.path, results: folder)
            source = planURL.path
        } else {
            reports = try input.plan().specs.map { (name: $0.spec.name, runs: ReportRun.runs(of: $0)) }
            source = input.files.joined(separator: " ")
        }
        if let prefix = runHash, !reports.contains(where: { $0.runs.contains { $0.runHash.hasPrefix(prefix) } }) {
            throw UserError("--run \(prefix): no run of \(source) has a run_hash starting so")
        }
        // Montages are drawn with the kernels the runs' generators trained with (done.json): a process that does not
        // compute with portable numerics yet starts again with them before any kernel has run.
        let numerics = ReportNumerics.choice(runs: reports.flatMap(\.runs)) {
            cacheFolder.completionRecord(stage: PipelineStage.generator.rawValue, key: $0)?.portableNumerics
        }
        switch numerics {
        case .portable where !PortableNumerics.isRequested():
            setenv(PortableNumerics.requestVariable, "1", 1)
            OpenMPWaitPolicy.ensurePassive(portableNumerics: true)  // re-executes; returns only if that failed
        case .mixed:
            print("note: some generators of these runs trained with portable numerics and some did not; montages are "
                  + "drawn with this machine's kernels (\(PortableNumerics.kernels))")
        default:
            break
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

    /// The runs of a plan document grouped by spec (in plan order), each in its table row as the plan labels it in
    /// results/ (`PlanDocument.Run.pendingRecord`, the row runs.csv gives it); a plan made before it carried those
    /// labels falls back to its spec's runs.csv, then to the run's label.
    static func reports(plan: PlanDocument, source: String, results: ResultsFolder) throws
        -> [(name: String, runs: [ReportRun])] {
        let planned = try plan.plannedRuns(source: source)  // plan.runs, in order
        var order: [String] = []
        var bySpec: [String: [ReportRun]] = [:]
        var csvRows: [String: [String: String]] = [:]
        for (stored, run) in zip(plan.runs, planned) {
            if bySpec[run.specName] == nil { order.append(run.specName) }
            var row = stored.resultsRow.map { _ in stored.pendingRecord.configurationRecord.row }
            if row == nil {
                if csvRows[run.specName] == nil { csvRows[run.specName] = try Self.runsCSVRows(spec: run.specName, results: results) }
                row = csvRows[run.specName]?[run.hash]
            }
            bySpec[run.specName, default: []].append(ReportRun(planned: run, row: row ?? run.label))
        }
        return order.map { ($0, bySpec[$0]!) }
    }

    /// Run hash → configuration row of a spec's runs.csv (empty without the file).
    static func runsCSVRows(spec: String, results: ResultsFolder) throws -> [String: String] {
        let csv = results.runsURL(spec: spec)
        guard FileManager.default.fileExists(atPath: csv.path) else { return [:] }
        var rows: [String: String] = [:]
        for record in try RunsCSV.read(from: csv).records { rows[record.runHash] = record.configurationRecord.row }
        return rows
    }
}
