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
        let folder = results.specDirectory(spec)
        let figures = folder.appendingPathComponent("figures", isDirectory: true)
        try createDirectory(figures)
        var page = ReportPage(spec: spec)
        var written: [String] = []
        var missing: [String] = []

        let layoutURL = folder.appendingPathComponent("table.json")
        let layout = try? PaperTableDescription.read(from: layoutURL)
        let csvRecords = (try? RunsCSV.read(from: results.runsURL(spec: spec)))?.records ?? []
        // One row per configuration (a sweep's columns apart), so no figure pools different configurations.
        let records = csvRecords.map(\.configurationRecord)
        page.title = layout?.title ?? spec

        // 1. Table.
        if let markdown = try? String(contentsOf: folder.appendingPathComponent("table.md"), encoding: .utf8) {
            // The page heading already carries the table's title: drop the Markdown's own "## title" line.
            let body = markdown.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { $0 != "## \(page.title)" }.joined(separator: "\n")
            var html = [MarkdownTableHTML.render(body)]
            if let layout, layout.columns != nil {  // a two-axis sweep: its heatmaps beside the table (`SweepHeatmap`)
                let heatmaps = try SweepHeatmap.write(PaperTable(description: layout, records: csvRecords), into: folder)
                html += heatmaps.html
                written += heatmaps.files
            }
            page.add(section: "Table", html: html.joined(separator: "\n"))
        } else {
            missing.append("table.md: not found in \(folder.path) (run `f2lm tables` after the runs finish)")
        }

        if let layout, let claims = try ClaimForestPlot.section(layout: layout, folder: folder) {
            page.add(section: "Claims", html: claims.html)
            written += claims.files
        }

        let datasets = orderedUnique((layout?.datasets.map(\.key) ?? []) + runs.map(\.dataset))
            .filter { key in runs.contains { $0.dataset == key } }
        func displayName(_ key: String) -> String { layout?.datasets.first { $0.key == key }?.displayName ?? key }
        let rowOrder = orderedUnique((layout?.configurationRows ?? []) + runs.map(\.row))
        if let seedTable = Self.seedTable(records: records, rows: rowOrder, datasets: datasets.map { ($0, displayName($0)) }) {
            page.add(section: "Seeds", html: MarkdownTableHTML.render(seedTable))
        }
        if let diagnostics = Self.destroyerTable(records: records, rows: rowOrder,
                                                 datasets: datasets.map { ($0, displayName($0)) }) {
            page.add(section: "Destroyer diagnostics", html: MarkdownTableHTML.render(diagnostics))
        }
        if let triplets = Self.tripletTable(records: records, rows: rowOrder, datasets: datasets.map { ($0, displayName($0)) }) {
            page.add(section: "Triplet components", html: MarkdownTableHTML.render(triplets))
        }

        // 2. ROC curves; remember each run's scores for the later sections.
        var loaded: [String: (table: ScoreTable, weights: ScoreWeights, normalization: NormalizationScope)] = [:]
        var rocAreas: [String: Double] = [:]  // "dataset/row" → mean AUC
        var rocHTML: [String] = []
        for dataset in datasets {
            var plot = LinePlot(title: "ROC — \(displayName(dataset))", xTitle: "false-positive rate",
                                yTitle: "true-positive rate")
            plot.xRange = 0...1
            plot.yRange = 0...1
            plot.showsDiagonal = true
            plot.legendPosition = .bottomRight
            for row in rowOrder {
                var curves: [ROCCurve] = []
                for run in runs where run.dataset == dataset && run.row == row {
                    switch loadScores(run) {
                    case .success(let scores):
                        loaded[run.evaluationKey] = scores
                        do {
                            let values = try ScoreCombination(weights: scores.weights, normalization: scores.normalization)
                                .scores(for: scores.table)
                            curves.append(try ROCCurve(scores: values, labels: scores.table.labels))
                        } catch {
                            missing.append("\(dataset) / \(row) / seed \(run.seed): cannot draw the ROC curve (\(error))")
                        }
                    case .failure(let message):
                        missing.append("\(dataset) / \(row) / seed \(run.seed): \(message)")
                    }
                }
                guard !curves.isEmpty else { continue }
                let mean = MeanROC(curves: curves)
                rocAreas["\(dataset)/\(row)"] = mean.area
                let seeds = curves.count == 1 ? "1 seed"
                    : "mean of \(curves.count) seeds, " + mean.areas.map { String(format: "%.1f", $0 * 100) }.joined(separator: " / ")
                var series = LinePlot.Series(
                    name: "\(row): AUC \(String(format: "%.1f", mean.area * 100))% (\(seeds))",
                    points: zip(mean.falsePositiveRates, mean.truePositiveRates).map { LinePlot.Point($0, $1) })
                if curves.count > 1 {
                    series.band = zip(mean.lowestTruePositiveRates, mean.highestTruePositiveRates).map { ($0, $1) }
                }
                plot.series.append(series)
            }
            if plot.series.count > 4 { plot.legendPosition = .below }
            if plot.series.isEmpty { continue }
            let name = "figures/roc_\(Self.fileSafe(dataset)).svg"
            try plot.document().write(to: folder.appendingPathComponent(name))
            written.append(name)
            rocHTML.append(ReportPage.figure(name, caption: "ROC of every row on \(displayName(dataset)); "
                                             + "TPR averaged over seeds on a common FPR grid, shaded band = lowest to highest seed, "
                                             + "dashed line = chance.", size: .medium))
        }
        page.add(section: "ROC curves", html: rocHTML.isEmpty ? ReportPage.empty("no finished run has scores yet") : rocHTML.joined(separator: "\n"))

        // 3. The chosen runs.
        var chosen: [ReportRun] = []
        if let prefix = chosenRun {
            if let run = runs.first(where: { $0.runHash.hasPrefix(prefix) }) {
                chosen = [run]
            } else {
                missing.append("--run \(prefix): no run of \(spec) has a run_hash starting so")
            }
        } else {
            for dataset in datasets {
                let candidates = runs.filter { $0.dataset == dataset }
                let bestRow = bestRow(dataset: dataset, records: records, rows: rowOrder, computed: rocAreas)
                let inRow = candidates.filter { $0.row == bestRow }
                if let run = (inRow.isEmpty ? candidates : inRow).min(by: { $0.seed < $1.seed }) { chosen.append(run) }
            }
        }

        // 4. Score curves and 5. montages.
        var scoreHTML: [String] = []
        var montageHTML: [String] = []
        for run in chosen {
            let heading = "\(displayName(run.dataset)), row \(run.row), seed \(run.seed) (run \(run.runHash.prefix(12)))"
            guard let scores = loaded[run.evaluationKey] ?? (try? loadScores(run).get()) else {
                missing.append("score curves of \(heading): the scores node \(run.scoresKey.prefix(12)) is not in the cache")
                continue
            }
            let curves: ScoreCurves
            do {
                curves = try ScoreCurves(table: scores.table, weights: scores.weights, normalization: scores.normalization)
            } catch {
                missing.append("score curves of \(heading): \(error)")
                continue
            }
            scoreHTML.append("<h3>\(SVGDocument.escaped(heading))</h3>")
            scoreHTML.append("<p class=\"note\">γ = \(SVGDocument.escaped(scores.weights.description)), "
                             + "\(scores.normalization.rawValue) normalisation.</p>")
            var montageFigures: [String] = []
            for video in curves.videos {
                let name = "figures/score_\(Self.fileSafe(run.dataset))_\(Self.fileSafe(run.row))_s\(run.seed)_\(Self.fileSafe(video.name)).svg"
                try video.plot(title: "\(displayName(run.dataset)) — test video \(video.name)").document()
                    .write(to: folder.appendingPathComponent(name))
                written.append(name)
                scoreHTML.append(ReportPage.figure(name, caption: "video \(video.name)"))
                guard let predictions else { continue }
                let extremes = curves.videos.isEmpty ? nil : video.extremeFrames
                for (kind, frame) in [("most anomalous", extremes?.mostAnomalous), ("least anomalous", extremes?.leastAnomalous)] {
                    guard let frame else { continue }
                    let file = "figures/montage_\(Self.fileSafe(run.dataset))_\(Self.fileSafe(video.name))_\(frame).png"
                    do {
                        try predictions.montage(run: run, video: video.name, frame: frame)
                            .writePNG(to: folder.appendingPathComponent(file))
                        written.append(file)
                        montageFigures.append(ReportPage.image(file, caption: "video \(video.name), frame \(frame) (\(kind))"))
                    } catch {
                        missing.append("montage of video \(video.name) frame \(frame): \(error)")
                    }
                }
            }
            if !montageFigures.isEmpty {
                montageHTML.append("<h3>\(SVGDocument.escaped(heading))</h3>")
                montageHTML.append("<p class=\"note\">Left to right: "
                                   + FrameMontage.captions.map(SVGDocument.escaped).joined(separator: " · ") + ".</p>")
                montageHTML += montageFigures
            }
        }
        if predictions == nil, !chosen.isEmpty {
            missing.append("frame montages: no frame prediction source was given")
        }
        page.add(section: "Score curves", html: scoreHTML.isEmpty ? ReportPage.empty("no chosen run has scores yet") : scoreHTML.joined(separator: "\n"))
        page.add(section: "Frame montages", html: montageHTML.isEmpty ? ReportPage.empty("no montage drawn (see Missing)") : montageHTML.joined(separator: "\n"))

        // 6. Training curves of the chosen runs' nodes.
        var trainingHTML: [String] = []
        var seenNodes: Set<String> = []
        for run in chosen {
            let nodes = [("generator", run.generatorKey)] + (run.hasDestroyer ? [("destroyer", run.destroyerKey)] : [])
            for (stage, key) in nodes where seenNodes.insert("\(stage)/\(key)").inserted {
                let log = StageArtifact.trainingLog.url(in: cache.artifactDirectory(stage: stage, key: key))
                guard FileManager.default.fileExists(atPath: log.path) else {
                    missing.append("training curve of the \(stage) node \(key.prefix(12)) (\(run.dataset), row \(run.row)): "
                                   + "no training_log.csv in the cache")
                    continue
                }
                do {
                    let title = "\(stage == "generator" ? "Generator (phase 1)" : "Destroyer (phase 2)") — "
                        + "\(displayName(run.dataset)), row \(run.row)"
                    let name = "figures/training_\(stage)_\(key.prefix(12)).svg"
                    try TrainingLog.read(from: log).plot(title: title).document().write(to: folder.appendingPathComponent(name))
                    written.append(name)
                    trainingHTML.append(ReportPage.figure(name, caption: "\(stage) node \(key.prefix(12))", size: .medium))
                } catch {
                    missing.append("training curve of the \(stage) node \(key.prefix(12)): \(error)")
                }
            }
        }
        page.add(section: "Training curves", html: trainingHTML.isEmpty ? ReportPage.empty("no training log yet") : trainingHTML.joined(separator: "\n"))
        page.missing = missing

        let pageURL = folder.appendingPathComponent("report.html")
        try writeText(page.render(), to: pageURL)
        return Summary(page: pageURL, figures: written, missing: missing)
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
            let title = (try? PaperTableDescription.read(from: results.specDirectory(spec).appendingPathComponent("table.json")))?.title
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
        let file = StageArtifact.scores.url(in: cache.artifactDirectory(stage: "scores", key: run.scoresKey))
        guard FileManager.default.fileExists(atPath: file.path) else {
            return .failure(LoadFailure("scores node \(run.scoresKey.prefix(12)) has no scores.csv in the cache (run not finished)"))
        }
        let table: ScoreTable
        do { table = try ScoreTable.read(from: file) } catch { return .failure(LoadFailure("\(error)")) }
        let metricsFile = cache.artifactDirectory(stage: "evaluation", key: run.evaluationKey).appendingPathComponent(RunMetrics.fileName)
        let evaluated = try? RunMetrics.read(from: metricsFile)
        guard let weights = evaluated?.weights ?? run.weights else {
            return .failure(LoadFailure("γ is searched and the evaluation node \(run.evaluationKey.prefix(12)) has no metrics.json yet"))
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
