import F2LM
import Foundation
import Metrics

/// How a spec's runs appear in results/: the runs.csv record of each run and the paper table's layout.
public enum ResultsLayout {
    /// The run's table row label: the table's display label of its row key, else the run's label.
    public static func tableRowLabel(of run: PlannedRun, in spec: ExperimentSpec) -> String {
        if let table = spec.table, let key = run.rowKey { return table.label(forRow: key) }
        return run.label
    }

    /// The run's row label in runs.csv: its table row label, followed by what its cell pools (`table.average`, e.g.
    /// "λ = 2, model.alpha=0.2"), so runs.csv rows stay unique per (row, column, dataset, seed).
    public static func rowLabel(of run: PlannedRun, in spec: ExperimentSpec) -> String {
        let row = tableRowLabel(of: run, in: spec)
        return run.pooledLabel.map { "\(row), \($0)" } ?? row
    }

    /// The run's column label inside its dataset when the table's columns are a grid key, else nil.
    public static func columnLabel(of run: PlannedRun, in spec: ExperimentSpec) -> String? {
        guard let table = spec.table, let key = run.columnKey else { return nil }
        return table.label(forColumn: key)
    }

    /// The label of the run's configuration within its dataset (row and column): report figures draw one curve
    /// per configuration.
    public static func configurationLabel(of run: PlannedRun, in spec: ExperimentSpec) -> String {
        RunsCSV.Record.configurationRow(row: rowLabel(of: run, in: spec), column: columnLabel(of: run, in: spec))
    }

    /// The runs.csv record of a run before it ran (`pending`, no metrics); `runHash` is the run's hash (`PlannedRun.hash`,
    /// the `run` column of `f2lm plan`).
    public static func record(of run: PlannedRun, in spec: ExperimentSpec) -> RunsCSV.Record {
        RunsCSV.Record(spec: run.specName, row: rowLabel(of: run, in: spec), column: columnLabel(of: run, in: spec),
                       dataset: run.dataset.rawValue, seed: run.seed, parameters: parameters(of: run.config),
                       runHash: run.hash, status: .pending)
    }

    /// A run's parameter columns in runs.csv: every identity parameter except `seed` (the `seed` column holds it).
    public static func parameters(of config: RunConfig) -> [RunsCSV.Parameter] {
        config.parameters.filter { $0.isIdentity && $0.key != "seed" }.map { RunsCSV.Parameter($0.key, $0.value.description) }
    }

    /// Fills a record's metric and diagnostic columns from the run's record.
    public static func apply(_ run: RunRecord, to record: inout RunsCSV.Record) {
        record.auc = run.metrics.auc
        record.eer = run.metrics.eer
        for component in ScoreComponent.allCases {
            record.setValue(run.metrics.componentAUCs[component], for: .init(componentAUC: component))
        }
        let diagnostics = run.diagnostics
        record.destroyerDifficultyClean = diagnostics.destroyerDifficultyClean
        record.destroyerDifficultyNoised = diagnostics.destroyerDifficultyNoised
        record.destroyerChangeInside = diagnostics.destroyerChangeInside
        record.destroyerChangeOutside = diagnostics.destroyerChangeOutside
        record.labelTripletZero = diagnostics.labelTripletZero
        record.motionTripletZero = diagnostics.motionTripletZero
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
            rowHeader = table.rowHeader
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
        var pooledRows: [String: [String]] = [:]
        for run in expanded.runs {
            let label = tableRowLabel(of: run, in: spec)
            if !rows.contains(label) { rows.append(label) }
            if run.pooledLabel != nil {
                let member = rowLabel(of: run, in: spec)
                if !pooledRows[label, default: []].contains(member) { pooledRows[label, default: []].append(member) }
            }
        }
        var notes: [String] = []
        if let table = spec.table, !table.average.isEmpty {
            let pooled = table.average.map { key in
                let values = spec.grid.first { $0.key == key }?.values.map(SpecParser.canonicalText) ?? []
                return "\(key) ∈ {\(values.joined(separator: ", "))}"
            }
            notes.append("Each cell pools \(pooled.joined(separator: " and ")) on purpose (table.average): its mean and ± "
                         + "run over every pooled configuration and seed, so the ± includes the spread across these "
                         + "configurations; no claim or reference row is tested on pooled rows. runs.csv lists each "
                         + "configuration as its own row.")
        }
        if expanded.runs.contains(where: { $0.config.score.gamma == .search }) {
            notes.append("γ searched on alternate test videos; AUC reported on the held-out ones.")
        }
        return PaperTableDescription(spec: spec.name, title: spec.title, rowHeader: rowHeader, rows: rows,
                                     datasets: datasets, metrics: metrics, paper: paper, gammaOracle: false, notes: notes,
                                     claims: spec.table?.claims, reference: spec.table?.reference,
                                     columnHeader: spec.table?.columns,
                                     columns: spec.table.flatMap { table in
                                         table.columns.map { _ in table.columnKeys.map(table.label(forColumn:)) }
                                     },
                                     pooledRows: pooledRows.isEmpty ? nil : pooledRows)
    }
}
