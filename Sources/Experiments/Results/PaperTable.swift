import CSV
import Foundation
import JobRunner
import Metrics

/// One paper table filled with our runs: rows in the paper's order, per dataset our metric as mean ± std over seeds
/// (in %, one decimal) beside the paper's number, the best of ours per column in bold.
///
/// Statistics per (row, dataset, metric) over the runs with status `done` and a value: mean = Σx/n and the sample
/// standard deviation √(Σ(x − mean)²/(n − 1)), shown only when n ≥ 2; a cell with fewer finished runs than runs
/// adds "(finished/total)". A cell with no finished run shows "failed" (some run failed), "skipped" (an upstream
/// stage failed) or "—" (no run, or not run yet). Best: highest AUC, lowest EER, compared at the displayed precision
/// (ties are all bold).
///
/// Sweeps (`PaperTableDescription+Sweep`): with grid values as columns, each (row, column, dataset) is a cell and is
/// compared and tested on its own; a row that pools configurations (`pooledRows`, from `table.average`) gathers the
/// runs of every pooled runs.csv row, and the note under the table counts seeds × pooled configurations.
public struct PaperTable: Sendable {
    /// Statistics of one cell.
    public struct Cell: Sendable, Equatable {
        /// Mean in %, nil when no run finished.
        public var mean: Double?
        /// Sample standard deviation in %, nil when fewer than two runs finished.
        public var standardDeviation: Double?
        /// Finished runs with a value.
        public var finished: Int
        /// All runs of the cell.
        public var runs: Int
        /// Failed runs.
        public var failed: Int
        /// Skipped runs.
        public var skipped: Int

        /// "done", "partial", "failed", "skipped", "pending" or "missing".
        public var state: String {
            if runs == 0 { return "missing" }
            if finished == runs { return "done" }
            if finished > 0 { return "partial" }
            if failed > 0 { return "failed" }
            if skipped > 0 { return "skipped" }
            return "pending"
        }
    }

    /// The layout.
    public let layout: PaperTableDescription
    /// The runs of this spec (records of other specs are ignored).
    public let records: [RunsCSV.Record]
    /// The claims tested and the rows compared with the reference row (`TableVerdicts`).
    public let verdicts: TableVerdicts

    /// A table from its layout and the runs (typically all rows of `results/<spec>/runs.csv`), with verdicts from
    /// the runs' per-video pair counts (`results/<spec>/video_pairs.json`; without them every claim is untested).
    public init(description: PaperTableDescription, records: [RunsCSV.Record], pairs: VideoPairsFile = VideoPairsFile()) {
        self.layout = description
        self.records = records.filter { $0.spec == description.spec }
        self.verdicts = TableVerdicts(layout: description.verdictLayout, records: description.verdictRecords(self.records),
                                      pairs: pairs)
    }

    /// Statistics of one cell (values in %): the runs of the row (of every configuration it pools) in this column
    /// (nil: every column) of the dataset.
    public func cell(row: String, column: String? = nil, dataset: String, metric: PaperTableDescription.Metric) -> Cell {
        let members = layout.members(ofRow: row)
        let runs = records.filter {
            members.contains($0.row) && $0.dataset == dataset && (column == nil || $0.column == column)
        }
        let values = runs.compactMap { record -> Double? in
            guard record.status == .done, let value = record.metric(metric.rawValue), value.isFinite else { return nil }
            return value * 100
        }
        var cell = Cell(mean: nil, standardDeviation: nil, finished: values.count, runs: runs.count,
                        failed: runs.filter { $0.status == .failed }.count,
                        skipped: runs.filter { $0.status == .skipped }.count)
        if !values.isEmpty {
            let mean = values.reduce(0, +) / Double(values.count)
            cell.mean = mean
            if values.count >= 2 {
                let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
                cell.standardDeviation = variance.squareRoot()
            }
        }
        return cell
    }

    /// The displayed best value (one decimal) of a column, nil when no cell has a value.
    private func best(dataset: String, column: String?, metric: PaperTableDescription.Metric) -> String? {
        let means = layout.rows.compactMap { cell(row: $0, column: column, dataset: dataset, metric: metric).mean }
        guard let best = metric == .auc ? means.max() : means.min() else { return nil }
        return Self.percent(best)
    }

    private static func percent(_ value: Double) -> String { String(format: "%.1f", value) }

    /// "▲" / "▼" when the row's AUC is above / below the reference row's beyond noise on this dataset, else "".
    public func referenceMark(row: String, column: String? = nil, dataset: String) -> String {
        let key = PaperTableDescription.verdictKey(dataset: dataset, column: column)
        switch verdicts.referenceDifferences[row]?[key]?.direction {
        case .better: return " ▲"
        case .worse: return " ▼"
        default: return ""
        }
    }

    private func text(_ cell: Cell, best: String?) -> String {
        guard let mean = cell.mean else {
            switch cell.state {
            case "failed": return "failed"
            case "skipped": return "skipped"
            default: return "—"
            }
        }
        var value = Self.percent(mean)
        if let deviation = cell.standardDeviation { value += " ± " + Self.percent(deviation) }
        if Self.percent(mean) == best { value = "**\(value)**" }
        if cell.finished < cell.runs { value += " (\(cell.finished)/\(cell.runs))" }
        return value
    }

    /// The seeds of the finished runs, ascending.
    public var seeds: [Int] {
        Array(Set(records.filter { $0.status == .done }.map(\.seed))).sorted()
    }

    /// The Markdown table: a "## title" heading, the table, and notes (statistics, oracle γ, extra notes). With grid
    /// values as columns (`layout.columns`), each dataset's columns are those values (no "paper" column), and each
    /// (dataset, column) is compared and tested on its own.
    public func markdown() -> String {
        // With grid values as columns there are no published numbers to show beside them.
        let showsPaper = layout.columns == nil
        var header = [layout.rowHeader]
        for dataset in layout.datasets {
            for column in layout.columnSlots {
                for metric in layout.metrics {
                    header.append("\(dataset.displayName)\(column.map { " " + $0 } ?? "") \(metric.rawValue.uppercased())")
                    if showsPaper { header.append("paper") }
                }
            }
        }
        var lines = ["## \(layout.title)", ""]
        lines.append("| " + header.map(Self.escape).joined(separator: " | ") + " |")
        lines.append("|:--" + String(repeating: "|--:", count: header.count - 1) + "|")
        var bests: [String: String] = [:]
        for dataset in layout.datasets {
            for column in layout.columnSlots {
                for metric in layout.metrics {
                    bests["\(dataset.key)/\(column ?? "")/\(metric)"] = best(dataset: dataset.key, column: column, metric: metric)
                }
            }
        }
        for row in layout.rows {
            var fields = [row]
            for dataset in layout.datasets {
                for column in layout.columnSlots {
                    for metric in layout.metrics {
                        let mark = metric == .auc ? referenceMark(row: row, column: column, dataset: dataset.key) : ""
                        fields.append(text(cell(row: row, column: column, dataset: dataset.key, metric: metric),
                                           best: bests["\(dataset.key)/\(column ?? "")/\(metric)"]) + mark)
                        if showsPaper {
                            fields.append(layout.paper[row]?[dataset.key]?.value(metric).map(Self.percent) ?? "—")
                        }
                    }
                }
            }
            lines.append("| " + fields.map(Self.escape).joined(separator: " | ") + " |")
        }
        lines.append("")
        let metricNames = layout.metrics.map { $0.rawValue.uppercased() }.joined(separator: " and ")
        let pooled = layout.pooledConfigurations
        let seedText = seeds.isEmpty ? "no finished run yet"
            : "n = \(seeds.count) seed\(seeds.count == 1 ? "" : "s") (\(seeds.map(String.init).joined(separator: ", ")))"
                + (pooled > 1 ? " × \(pooled) pooled configurations" : "") + " per cell unless shown as (finished/runs)"
        lines.append("\(metricNames) in %. Ours: mean ± sample std over \(seedText); best of ours per column in bold; "
                     + (showsPaper ? "\"paper\": the published number." : "columns: \(layout.columnHeader ?? "") within each dataset."))
        if let reference = layout.reference {
            lines.append("▲ / ▼: AUC above / below the reference row \"\(reference)\" beyond noise (95% "
                         + "interval of the difference, \(verdicts.method), excludes 0).")
        }
        if layout.gammaOracle {
            lines.append("γ was chosen on the test set (oracle), as in the paper.")
        }
        lines += layout.notes
        lines += verdictLines()
        return lines.joined(separator: "\n") + "\n"
    }

    /// The verdicts section of the Markdown: one table row per claim, dataset and comparison (`VerdictMarkdown`).
    func verdictLines() -> [String] {
        VerdictMarkdown.lines(verdicts: verdicts, datasets: layout.verdictLayout.datasets)
    }

    /// The CSV table (with grid values as columns, `<dataset>` below reads `<dataset>_<column>`): `row`, then per
    /// dataset and metric `<dataset>_<metric>` (mean %), `_std`, `_seeds` (finished
    /// runs), `_paper`, then `<dataset>_status` (state of its first metric's cell). Two decimals, empty when unknown.
    public func csv() -> String {
        var header = ["row"]
        for dataset in layout.datasets {
            for column in layout.columnSlots {
                let prefix = dataset.key + (column.map { "_" + $0 } ?? "")
                for metric in layout.metrics {
                    let base = "\(prefix)_\(metric.rawValue)"
                    header += [base, base + "_std", base + "_seeds", base + "_paper"]
                }
                header.append("\(prefix)_status")
            }
        }
        var text = CSVWriter.line(header)
        func number(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "" }
        for row in layout.rows {
            var fields = [row]
            for dataset in layout.datasets {
                for column in layout.columnSlots {
                    var state = "missing"
                    for (index, metric) in layout.metrics.enumerated() {
                        let cell = cell(row: row, column: column, dataset: dataset.key, metric: metric)
                        if index == 0 { state = cell.state }
                        fields += [number(cell.mean), number(cell.standardDeviation), String(cell.finished),
                                   number(column == nil ? layout.paper[row]?[dataset.key]?.value(metric) : nil)]
                    }
                    fields.append(state)
                }
            }
            text += CSVWriter.line(fields)
        }
        return text
    }

    /// The names of the three files a table is written as, in a spec's results folder.
    public static let markdownFileName = "table.md", csvFileName = "table.csv", layoutFileName = "table.json"

    /// `<folder>/table.json`: the layout and the verdicts.
    public static func layoutURL(in folder: URL) -> URL { folder.appendingPathComponent(layoutFileName) }

    /// Writes `table.md`, `table.csv` and `table.json` (the layout and the verdicts) into `folder`, each atomically.
    public func write(to folder: URL) throws {
        try AtomicFile.write(markdown(), to: folder.appendingPathComponent(Self.markdownFileName))
        try AtomicFile.write(csv(), to: folder.appendingPathComponent(Self.csvFileName))
        var written = layout
        written.verdicts = verdicts
        try AtomicFile.write(try written.jsonData(), to: Self.layoutURL(in: folder))
    }

    private static func escape(_ field: String) -> String {
        field.replacingOccurrences(of: "|", with: "\\|")
    }
}
