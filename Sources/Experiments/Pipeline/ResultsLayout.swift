import F2LM
import Foundation

/// How a spec's runs appear in results/: the runs.csv record of each run and the paper table's layout.
public enum ResultsLayout {
    /// The run's table row label: the table's display label of its row key, else the run's label.
    public static func rowLabel(of run: PlannedRun, in spec: ExperimentSpec) -> String {
        if let table = spec.table, let key = run.rowKey { return table.label(forRow: key) }
        return run.label
    }

    /// The runs.csv record of a run before it ran (`pending`, no metrics); `runHash` is the run's hash (`PlannedRun.hash`,
    /// the `run` column of `f2lm plan`).
    /// Parameters: every identity parameter except `seed` (the `seed` column already holds it).
    public static func record(of run: PlannedRun, in spec: ExperimentSpec) -> RunsCSV.Record {
        let parameters = run.config.parameters.filter { $0.isIdentity && $0.key != "seed" }.map { RunsCSV.Parameter($0.key, $0.value.description) }
        return RunsCSV.Record(spec: run.specName, row: rowLabel(of: run, in: spec), dataset: run.dataset.rawValue,
                              seed: run.seed, parameters: parameters, runHash: run.hash, status: .pending)
    }

    /// Fills metrics from a `RunMetrics`.
    public static func apply(_ metrics: RunMetrics, to record: inout RunsCSV.Record) {
        record.auc = metrics.auc
        record.eer = metrics.eer
        record.aucLabelTriplet = metrics.componentAUCs["label_triplet"]
        record.aucMotionTriplet = metrics.componentAUCs["motion_triplet"]
        record.aucGeneratorMSE = metrics.componentAUCs["generator_mse"]
        record.aucDestroyerMSE = metrics.componentAUCs["destroyer_mse"]
    }

    /// The paper table layout of a spec: rows in the table's order (or the runs' labels in order when the spec has
    /// no `table`), a column per dataset ("walkway (Ped2)"), the paper's AUC/EER per row and dataset.
    public static func description(of expanded: ExpandedSpec) -> PaperTableDescription {
        let spec = expanded.spec
        let datasets = spec.datasets.map {
            PaperTableDescription.Dataset(key: $0.name.rawValue, displayName: "\($0.name.rawValue) (\($0.name.paperName))")
        }
        var rows: [String] = []
        var paper: [String: [String: PaperTableDescription.PaperNumbers]] = [:]
        var metrics: [PaperTableDescription.Metric] = [.auc]
        var rowHeader = "setting"
        if let table = spec.table {
            rows = table.rowKeys.map { table.label(forRow: $0) }
            metrics = table.metrics.compactMap { PaperTableDescription.Metric(rawValue: $0) }
            if metrics.isEmpty { metrics = [.auc] }
            if case .grid(let key) = table.rows { rowHeader = key }
            for key in table.rowKeys {
                var cells: [String: PaperTableDescription.PaperNumbers] = [:]
                for (index, dataset) in spec.datasets.enumerated() {
                    let auc = table.paperAUC[key].flatMap { index < $0.count ? $0[index] : nil }
                    let eer = table.paperEER[key].flatMap { index < $0.count ? $0[index] : nil }
                    if auc != nil || eer != nil { cells[dataset.name.rawValue] = .init(auc: auc, eer: eer) }
                }
                if !cells.isEmpty { paper[table.label(forRow: key)] = cells }
            }
        }
        for run in expanded.runs {
            let label = rowLabel(of: run, in: spec)
            if !rows.contains(label) { rows.append(label) }
        }
        var notes: [String] = []
        if expanded.runs.contains(where: { $0.config.score.gamma == .search }) {
            notes.append("γ searched on alternate test videos; AUC reported on the held-out ones.")
        }
        return PaperTableDescription(spec: spec.name, title: spec.title, rowHeader: rowHeader, rows: rows,
                                     datasets: datasets, metrics: metrics, paper: paper, gammaOracle: false, notes: notes,
                                     claims: spec.table?.claims, reference: spec.table?.reference)
    }
}
