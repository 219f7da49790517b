import Experiments
import F2LM
import Foundation
import JobRunner
import Metrics

/// Writes `results/<spec>/report.html` with its figures in `results/<spec>/figures/`, and `results/index.html`.
///
/// The page shows, in order: the table (`table.md` rendered as HTML), ROC curves per dataset (one mean curve per
/// table row, AUC in the legend), score curves of the chosen run per test video (with and without the Destroyer,
/// anomalous frames shaded), frame montages (when a `FramePredictionSource` is given), and the training curves of
/// the chosen runs' generator and Destroyer nodes. Whatever is missing (a run not finished, a file not written) is
/// listed on the page instead of failing.
/// A two-axis sweep (grid values as columns, `table.columns`) also gets a `SweepHeatmap` per dataset in the table's section.
public struct ReportBuilder: Sendable {
    /// The artifact cache (`.f2lm-cache`).
    public var cache: ArtifactCache
    /// The results folder (`results`).
    public var results: ResultsFolder
    /// Model outputs for frame montages, or `nil` (montages are then listed as missing).
    public var predictions: (any FramePredictionSource)?

    /// A builder reading `cache` and writing into `results`.
    public init(cache: ArtifactCache, results: ResultsFolder, predictions: (any FramePredictionSource)? = nil) {
        self.cache = cache
        self.results = results
        self.predictions = predictions
    }

    /// What one report holds, returned for the command line and tests.
    public struct Summary: Sendable {
        /// `results/<spec>/report.html`.
        public var page: URL
        /// Every figure file written, relative to the spec folder (`figures/…`).
        public var figures: [String]
        /// What could not be drawn, one line each.
        public var missing: [String]
    }

    /// Builds the report of `spec` from its `runs`. `chosenRun` selects the run of the score curves and montages
    /// by a prefix of its run hash (runs.csv's `run_hash`); by default, per dataset, the best row by mean
    /// AUC in runs.csv (else by the ROC computed here), lowest seed.
    /// Throws `ReportError` only when the report folder cannot be written.
    @discardableResult
    public func write(spec: String, runs: [ReportRun], chosenRun: String? = nil) throws -> Summary {
        let inputs = pageInputs(spec: spec, runs: runs)
        try createDirectory(inputs.folder.appendingPathComponent("figures", isDirectory: true))
        var page = PageBeingWritten(page: ReportPage(spec: spec))
        page.page.title = inputs.title
        try addTable(inputs, to: &page)
        addRunTables(inputs, to: &page)
        let (loaded, rocAreas) = try addROCCurves(inputs, to: &page)
        let chosen = chosenRuns(inputs, prefix: chosenRun, computedAreas: rocAreas, missing: &page.missing)
        try addScoreCurvesAndMontages(chosen, loaded: loaded, inputs, to: &page)
        try addTrainingCurves(chosen, inputs, to: &page)
        page.page.missing = page.missing
        let pageURL = inputs.folder.appendingPathComponent("report.html")
        try writeText(page.page.render(), to: pageURL)
        removeStaleFigures(in: inputs.folder, keeping: page.written)
        return Summary(page: pageURL, figures: page.written, missing: page.missing)
    }

    /// Removes the figures an earlier report of this spec drew and this one did not (e.g. the montages of another
    /// chosen run), so `figures/` holds exactly what `report.html` shows. Only files named like the report's own
    /// figures are removed; anything else a user put there stays. Best effort: a file that cannot be removed stays.
    func removeStaleFigures(in folder: URL, keeping written: [String]) {
        let figures = folder.appendingPathComponent("figures", isDirectory: true)
        let kept = Set(written)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: figures.path)) ?? []
        for name in names where !kept.contains("figures/" + name) && ReportFigureKind.names(name) {
            try? FileManager.default.removeItem(at: figures.appendingPathComponent(name))
        }
    }

    /// Writes `results/index.html` linking every `<spec>/report.html` in the results folder (paper order).
    @discardableResult
    public func writeIndex() throws -> URL {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: results.root.path)) ?? []
        let specs = TablesDocument.ordered(names.filter {
            FileManager.default.fileExists(atPath: results.specDirectory($0).appendingPathComponent("report.html").path)
        })
        var items: [String] = []
        for spec in specs {
            let title = (try? PaperTableDescription.read(from: PaperTable.layoutURL(in: results.specDirectory(spec))))?.title
            items.append("<li><a href=\"\(ReportPage.href(spec + "/report.html"))\">\(SVGDocument.escaped(spec))</a>"
                         + (title.map { " — " + SVGDocument.escaped($0) } ?? "") + "</li>")
        }
        let body = items.isEmpty ? ReportPage.empty("no report yet") : "<ul>\n" + items.joined(separator: "\n") + "\n</ul>"
        let url = results.root.appendingPathComponent("index.html")
        try writeText(ReportPage.document(title: "F2LM + Destroyer ablation reports", body: "<h1>F2LM + Destroyer ablation reports</h1>\n" + body), to: url)
        return url
    }

    /// The AUC of every finished run, per row and dataset, one entry per seed ("s0 78.8 · s1 80.1"), as Markdown;
    /// nil when no run finished.
    static func seedTable(records: [RunsCSV.Record], rows: [String], datasets: [(key: String, name: String)]) -> String? {
        let done = records.filter { $0.status == .done && $0.auc != nil }
        guard !done.isEmpty else { return nil }
        var lines = ["| row | " + datasets.map { "\($0.name) AUC per seed" }.joined(separator: " | ") + " |",
                     "|:--|" + String(repeating: ":--|", count: datasets.count)]
        for row in rows {
            var fields = [row]
            for dataset in datasets {
                let runs = done.filter { $0.row == row && $0.dataset == dataset.key }.sorted { $0.seed < $1.seed }
                fields.append(runs.isEmpty ? "—"
                    : runs.map { "s\($0.seed) " + String(format: "%.1f", $0.auc! * 100) }.joined(separator: " · "))
            }
            lines.append("| " + fields.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
        }
        lines.append("")
        lines.append("AUC in % of each finished run (sN = training seed N); the table above shows their mean ± sample std.")
        return lines.joined(separator: "\n")
    }

    /// Per row with a Destroyer and dataset, the mean over seeds of the training diff_p on clean and on noised
    /// patches (runs.csv `destroyer_difficulty_clean`, `_noised`), as Markdown; nil when no run has them.
    static func destroyerTable(records: [RunsCSV.Record], rows: [String], datasets: [(key: String, name: String)]) -> String? {
        let done = records.filter { $0.status == .done && $0.destroyerDifficultyClean != nil }
        let hasChange = done.contains { $0.destroyerChangeInside != nil || $0.destroyerChangeOutside != nil }
        func mean(_ values: [Double]) -> String { meanText(values, format: "%.3f") }
        func signed(_ values: [Double]) -> String { meanText(values, format: "%+.3f") }
        return rowByDatasetTable(
            done: done, rows: rows, datasets: datasets,
            heading: "diff_p clean / noised" + (hasChange ? "; test change inside / outside" : ""),
            cell: { runs in
                mean(runs.compactMap(\.destroyerDifficultyClean)) + " / " + mean(runs.compactMap(\.destroyerDifficultyNoised))
                    + (hasChange ? "; " + signed(runs.compactMap(\.destroyerChangeInside)) + " / "
                        + signed(runs.compactMap(\.destroyerChangeOutside)) : "")
            },
            footer: "Mean patch difficulty diff_p (the weight of the destroying target Z_p in the Destroyer's loss) over "
                + "training, on patches the noise left clean and on noised patches, mean over seeds. A Destroyer "
                + "meant to destroy only what the generator got wrong needs clean patches near 0."
                + (hasChange ? " Test change: the mean change (D(Î) − Î)/2 the Destroyer makes to the prediction on the [0, 1] "
                    + "scale, inside the anomaly masks / over all other test pixels (negative = darker); a Destroyer that "
                    + "destroys only anomalies changes the inside much more than the outside." : ""))
    }

    /// Per row with a triplet component and dataset, the mean over seeds of the label / motion triplet components'
    /// own AUC and of the fraction of test frames where their hinge is exactly 0 (runs.csv `auc_label_triplet`,
    /// `auc_motion_triplet`, `label_triplet_zero`, `motion_triplet_zero`), as Markdown; nil when no run has them.
    static func tripletTable(records: [RunsCSV.Record], rows: [String], datasets: [(key: String, name: String)]) -> String? {
        let done = records.filter { $0.status == .done && ($0.labelTripletZero != nil || $0.motionTripletZero != nil) }
        func percent(_ values: [Double]) -> String { meanText(values, format: "%.1f", scale: 100) }
        return rowByDatasetTable(
            done: done, rows: rows, datasets: datasets, heading: "AUC label / motion; hinge = 0 on",
            cell: { runs in
                percent(runs.compactMap(\.aucLabelTriplet)) + " / " + percent(runs.compactMap(\.aucMotionTriplet)) + "; "
                    + percent(runs.compactMap(\.labelTripletZero)) + " % / " + percent(runs.compactMap(\.motionTripletZero)) + " %"
            },
            footer: "Each triplet component alone: its frame-level AUC in %, and the share of scored test frames where its hinge "
                + "max(d(Z'_x, Z_x) − d(Z'_x, Z_f) + α, 0) is exactly 0, mean over seeds. A hinge that is 0 on most frames "
                + "carries no signal there, however much γ weighs it.")
    }

    /// The mean of `values` times `scale` printed with `format`, "—" when there are none.
    static func meanText(_ values: [Double], format: String, scale: Double = 1) -> String {
        values.isEmpty ? "—" : String(format: format, values.reduce(0, +) / Double(values.count) * scale)
    }

    /// A Markdown table of the rows that have runs in `done`, one column per dataset (`<name> <heading>`): each cell
    /// is `cell` of that row's runs on that dataset followed by ` (n = <runs>)`, "—" without runs; then `footer`.
    /// Nil when `done` is empty.
    static func rowByDatasetTable(done: [RunsCSV.Record], rows: [String], datasets: [(key: String, name: String)],
                                  heading: String, cell: ([RunsCSV.Record]) -> String, footer: String) -> String? {
        guard !done.isEmpty else { return nil }
        var lines = ["| row | " + datasets.map { "\($0.name) \(heading)" }.joined(separator: " | ") + " |",
                     "|:--|" + String(repeating: "--:|", count: datasets.count)]
        for row in rows where done.contains(where: { $0.row == row }) {
            var fields = [row]
            for dataset in datasets {
                let runs = done.filter { $0.row == row && $0.dataset == dataset.key }
                fields.append(runs.isEmpty ? "—" : cell(runs) + " (n = \(runs.count))")
            }
            lines.append("| " + fields.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
        }
        lines.append("")
        lines.append(footer)
        return lines.joined(separator: "\n")
    }

    /// The best table row on `dataset`: highest mean AUC over finished runs in runs.csv, else over `computed`.
    func bestRow(dataset: String, records: [RunsCSV.Record], rows: [String], computed: [String: Double]) -> String? {
        var means: [(row: String, auc: Double)] = []
        for row in rows {
            let values = records.filter { $0.dataset == dataset && $0.row == row && $0.status == .done }.compactMap(\.auc)
            if !values.isEmpty { means.append((row, values.reduce(0, +) / Double(values.count))) }
        }
        if means.isEmpty { means = rows.compactMap { row in computed["\(dataset)/\(row)"].map { (row, $0) } } }
        return means.max { $0.auc < $1.auc }?.row
    }

    /// The run's score table with the γ and normalisation it was evaluated with (from `metrics.json` when present).
    func loadScores(_ run: ReportRun) -> Result<(table: ScoreTable, weights: ScoreWeights, normalization: NormalizationScope), LoadFailure> {
        let file = StageArtifact.scores.url(in: cache.artifactDirectory(stage: PipelineStage.scores.rawValue, key: run.scoresKey))
        guard FileManager.default.fileExists(atPath: file.path) else {
            return .failure(LoadFailure("scores node \(run.scoresKey.prefix(12)) has no scores.csv in the cache (run not finished)"))
        }
        let table: ScoreTable
        do { table = try ScoreTable.read(from: file) } catch { return .failure(LoadFailure("\(error)")) }
        let recordFile = cache.artifactDirectory(stage: PipelineStage.evaluation.rawValue, key: run.evaluationKey).appendingPathComponent(RunRecord.fileName)
        let evaluated = (try? RunRecord.read(from: recordFile))?.metrics
        guard let weights = evaluated?.weights ?? run.weights else {
            return .failure(LoadFailure("γ is searched and the evaluation node \(run.evaluationKey.prefix(12)) has no \(RunRecord.fileName) yet"))
        }
        return .success((table, weights, evaluated?.normalizationScope ?? run.normalization))
    }

    /// A reason a run's scores are unavailable.
    struct LoadFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// File-name-safe text: letters, digits, `-` and `_` kept, everything else `_`.
    static func fileSafe(_ text: String) -> String {
        String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" })
    }

    func createDirectory(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw ReportError.io(path: url.path, message: "cannot create the folder (\(error.localizedDescription))")
        }
    }

    func writeText(_ text: String, to url: URL) throws {
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw ReportError.io(path: url.path, message: "cannot write (\(error.localizedDescription))")
        }
    }
}

/// Distinct elements of `items` in first-seen order.
func orderedUnique(_ items: [String]) -> [String] {
    var seen: Set<String> = []
    return items.filter { seen.insert($0).inserted }
}
