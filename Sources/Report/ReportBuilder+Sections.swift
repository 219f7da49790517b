import Experiments
import F2LM
import Foundation
import JobRunner
import Metrics

/// What every section of one report page reads: the spec's folder, table layout and runs.csv records, its runs, and
/// the datasets and rows in page order.
struct ReportPageInputs {
    /// `results/<spec>`.
    var folder: URL
    /// `table.json`, when present.
    var layout: PaperTableDescription?
    /// runs.csv's records as written.
    var csvRecords: [RunsCSV.Record]
    /// One record per configuration (a sweep's columns apart), so no figure pools different configurations.
    var records: [RunsCSV.Record]
    /// The runs drawn.
    var runs: [ReportRun]
    /// Dataset keys with runs, table order first.
    var datasets: [String]
    /// Row labels, table order first.
    var rowOrder: [String]
    /// The page title: the table's, else the spec name.
    var title: String

    /// The table's display name of a dataset key ("walkway (Ped2)"), else the key.
    func displayName(_ key: String) -> String { layout?.datasets.first { $0.key == key }?.displayName ?? key }
    /// The datasets with their display names.
    var namedDatasets: [(key: String, name: String)] { datasets.map { ($0, displayName($0)) } }
}

/// A page being written: its sections, the figure files written so far and what could not be drawn.
struct PageBeingWritten {
    var page: ReportPage
    var written: [String] = []
    var missing: [String] = []
}

/// A run's score table with the γ and normalisation it was evaluated with.
typealias LoadedScores = (table: ScoreTable, weights: ScoreWeights, normalization: NormalizationScope)

extension ReportBuilder {
    /// The inputs of the page of `spec` (a missing or unreadable table.json or runs.csv reads as absent).
    func pageInputs(spec: String, runs: [ReportRun]) -> ReportPageInputs {
        let folder = results.specDirectory(spec)
        let layout = try? PaperTableDescription.read(from: PaperTable.layoutURL(in: folder))
        let csvRecords = (try? RunsCSV.read(from: results.runsURL(spec: spec)))?.records ?? []
        let datasets = orderedUnique((layout?.datasets.map(\.key) ?? []) + runs.map(\.dataset))
            .filter { key in runs.contains { $0.dataset == key } }
        return ReportPageInputs(folder: folder, layout: layout, csvRecords: csvRecords,
                                records: csvRecords.map(\.configurationRecord), runs: runs, datasets: datasets,
                                rowOrder: orderedUnique((layout?.configurationRows ?? []) + runs.map(\.row)),
                                title: layout?.title ?? spec)
    }

    /// 1. The table (`table.md` as HTML, a two-axis sweep's heatmaps beside it) and the claims' forest plot.
    func addTable(_ inputs: ReportPageInputs, to page: inout PageBeingWritten) throws {
        let folder = inputs.folder
        if let markdown = try? String(contentsOf: folder.appendingPathComponent(PaperTable.markdownFileName), encoding: .utf8) {
            // The page heading already carries the table's title: drop the Markdown's own "## title" line.
            let body = markdown.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { $0 != "## \(inputs.title)" }.joined(separator: "\n")
            var html = [MarkdownTableHTML.render(body)]
            if let layout = inputs.layout, layout.columns != nil {  // a two-axis sweep: its heatmaps (`SweepHeatmap`)
                let heatmaps = try SweepHeatmap.write(PaperTable(description: layout, records: inputs.csvRecords), into: folder)
                html += heatmaps.html
                page.written += heatmaps.files
            }
            page.page.add(section: "Table", html: html.joined(separator: "\n"))
        } else {
            page.missing.append("table.md: not found in \(folder.path) (run `f2lm tables` after the runs finish)")
        }
        if let layout = inputs.layout, let claims = try ClaimForestPlot.section(layout: layout, folder: folder) {
            page.page.add(section: "Claims", html: claims.html)
            page.written += claims.files
        }
    }

    /// The per-seed AUCs, the Destroyer's diagnostics and the triplet components, from runs.csv.
    func addRunTables(_ inputs: ReportPageInputs, to page: inout PageBeingWritten) {
        let datasets = inputs.namedDatasets
        if let seedTable = Self.seedTable(records: inputs.records, rows: inputs.rowOrder, datasets: datasets) {
            page.page.add(section: "Seeds", html: MarkdownTableHTML.render(seedTable))
        }
        if let diagnostics = Self.destroyerTable(records: inputs.records, rows: inputs.rowOrder, datasets: datasets) {
            page.page.add(section: "Destroyer diagnostics", html: MarkdownTableHTML.render(diagnostics))
        }
        if let triplets = Self.tripletTable(records: inputs.records, rows: inputs.rowOrder, datasets: datasets) {
            page.page.add(section: "Triplet components", html: MarkdownTableHTML.render(triplets))
        }
    }

    /// 2. One ROC figure per dataset, a mean curve per row. Returns each drawn run's scores (by evaluation key) for
    /// the later sections and the mean AUC per "dataset/row".
    func addROCCurves(_ inputs: ReportPageInputs, to page: inout PageBeingWritten) throws
        -> (loaded: [String: LoadedScores], areas: [String: Double]) {
        var loaded: [String: LoadedScores] = [:]
        var rocAreas: [String: Double] = [:]
        var rocHTML: [String] = []
        for dataset in inputs.datasets {
            var plot = LinePlot(title: "ROC — \(inputs.displayName(dataset))", xTitle: "false-positive rate",
                                yTitle: "true-positive rate")
            plot.xRange = 0...1
            plot.yRange = 0...1
            plot.showsDiagonal = true
            plot.legendPosition = .bottomRight
            for row in inputs.rowOrder {
                var curves: [ROCCurve] = []
                for run in inputs.runs where run.dataset == dataset && run.row == row {
                    switch loadScores(run) {
                    case .success(let scores):
                        loaded[run.evaluationKey] = scores
                        do {
                            let values = try ScoreCombination(weights: scores.weights, normalization: scores.normalization)
                                .scores(for: scores.table)
                            curves.append(try ROCCurve(scores: values, labels: scores.table.labels))
                        } catch {
                            page.missing.append("\(dataset) / \(row) / seed \(run.seed): cannot draw the ROC curve (\(error))")
                        }
                    case .failure(let message):
                        page.missing.append("\(dataset) / \(row) / seed \(run.seed): \(message)")
                    }
                }
                guard !curves.isEmpty else { continue }
                let mean = MeanROC(curves: curves)
                rocAreas["\(dataset)/\(row)"] = mean.area
                plot.series.append(Self.rocSeries(row: row, mean: mean, seeds: curves.count))
            }
            if plot.series.count > 4 { plot.legendPosition = .below }
            if plot.series.isEmpty { continue }
            let name = ReportFigureKind.roc.path(Self.fileSafe(dataset))
            try plot.document().write(to: inputs.folder.appendingPathComponent(name))
            page.written.append(name)
            rocHTML.append(ReportPage.figure(name, caption: "ROC of every row on \(inputs.displayName(dataset)); "
                                             + "TPR averaged over seeds on a common FPR grid, shaded band = lowest to highest seed, "
                                             + "dashed line = chance.", size: .medium))
        }
        page.page.add(section: "ROC curves", html: rocHTML.isEmpty ? ReportPage.empty("no finished run has scores yet")
                      : rocHTML.joined(separator: "\n"))
        return (loaded, rocAreas)
    }

    /// A row's mean ROC curve with its AUC (and per-seed AUCs) in the legend, a band over `seeds` > 1 curves.
    static func rocSeries(row: String, mean: MeanROC, seeds count: Int) -> LinePlot.Series {
        let seeds = count == 1 ? "1 seed"
            : "mean of \(count) seeds, " + mean.areas.map { String(format: "%.1f", $0 * 100) }.joined(separator: " / ")
        var series = LinePlot.Series(
            name: "\(row): AUC \(String(format: "%.1f", mean.area * 100))% (\(seeds))",
            points: zip(mean.falsePositiveRates, mean.truePositiveRates).map { LinePlot.Point($0, $1) })
        if count > 1 {
            series.band = zip(mean.lowestTruePositiveRates, mean.highestTruePositiveRates).map { ($0, $1) }
        }
        return series
    }

    /// 3. The runs whose scores, montages and training are shown: the one whose run hash starts with `prefix`, else
    /// per dataset the lowest seed of the best row (`bestRow`).
    func chosenRuns(_ inputs: ReportPageInputs, prefix: String?, computedAreas: [String: Double],
                    missing: inout [String]) -> [ReportRun] {
        if let prefix {
            if let run = inputs.runs.first(where: { $0.runHash.hasPrefix(prefix) }) { return [run] }
            missing.append("--run \(prefix): no run of \(inputs.folder.lastPathComponent) has a run_hash starting so")
            return []
        }
        var chosen: [ReportRun] = []
        for dataset in inputs.datasets {
            let candidates = inputs.runs.filter { $0.dataset == dataset }
            let best = bestRow(dataset: dataset, records: inputs.records, rows: inputs.rowOrder, computed: computedAreas)
            let inRow = candidates.filter { $0.row == best }
            if let run = (inRow.isEmpty ? candidates : inRow).min(by: { $0.seed < $1.seed }) { chosen.append(run) }
        }
        return chosen
    }

    /// 4. The chosen runs' score curves per test video and 5. their frame montages (most and least anomalous frame).
    func addScoreCurvesAndMontages(_ chosen: [ReportRun], loaded: [String: LoadedScores], _ inputs: ReportPageInputs,
                                   to page: inout PageBeingWritten) throws {
        var scoreHTML: [String] = []
        var montageHTML: [String] = []
        for run in chosen {
            let heading = "\(inputs.displayName(run.dataset)), row \(run.row), seed \(run.seed) (run \(run.runHash.prefix(12)))"
            guard let scores = loaded[run.evaluationKey] ?? (try? loadScores(run).get()) else {
                page.missing.append("score curves of \(heading): the scores node \(run.scoresKey.prefix(12)) is not in the cache")
                continue
            }
            let curves: ScoreCurves
            do {
                curves = try ScoreCurves(table: scores.table, weights: scores.weights, normalization: scores.normalization)
            } catch {
                page.missing.append("score curves of \(heading): \(error)")
                continue
            }
            scoreHTML.append("<h3>\(SVGDocument.escaped(heading))</h3>")
            scoreHTML.append("<p class=\"note\">γ = \(SVGDocument.escaped(scores.weights.description)), "
                             + "\(scores.normalization.rawValue) normalisation.</p>")
            var montageFigures: [String] = []
            for video in curves.videos {
                let name = ReportFigureKind.score.path(
                    "\(Self.fileSafe(run.dataset))_\(Self.fileSafe(run.row))_s\(run.seed)_\(Self.fileSafe(video.name))")
                try video.plot(title: "\(inputs.displayName(run.dataset)) — test video \(video.name)").document()
                    .write(to: inputs.folder.appendingPathComponent(name))
                page.written.append(name)
                scoreHTML.append(ReportPage.figure(name, caption: "video \(video.name)"))
                montageFigures += montages(of: run, video: video, in: inputs.folder, page: &page)
            }
            if !montageFigures.isEmpty {
                montageHTML.append("<h3>\(SVGDocument.escaped(heading))</h3>")
                montageHTML.append("<p class=\"note\">Left to right: "
                                   + FrameMontage.captions.map(SVGDocument.escaped).joined(separator: " · ") + ".</p>")
                montageHTML += montageFigures
            }
        }
        if predictions == nil, !chosen.isEmpty {
            page.missing.append("frame montages: no frame prediction source was given")
        }
        page.page.add(section: "Score curves", html: scoreHTML.isEmpty ? ReportPage.empty("no chosen run has scores yet")
                      : scoreHTML.joined(separator: "\n"))
        page.page.add(section: "Frame montages", html: montageHTML.isEmpty ? ReportPage.empty("no montage drawn (see Missing)")
                      : montageHTML.joined(separator: "\n"))
    }

    /// The montages of a video's most and least anomalous frames (none without a prediction source); each image's
    /// HTML.
    func montages(of run: ReportRun, video: ScoreCurves.Video, in folder: URL, page: inout PageBeingWritten) -> [String] {
        guard let predictions else { return [] }
        var figures: [String] = []
        let extremes = video.extremeFrames
        for (kind, frame) in [("most anomalous", extremes.mostAnomalous), ("least anomalous", extremes.leastAnomalous)] {
            let file = ReportFigureKind.montage.path("\(Self.fileSafe(run.dataset))_\(Self.fileSafe(video.name))_\(frame)", fileExtension: "png")
            do {
                try predictions.montage(run: run, video: video.name, frame: frame).writePNG(to: folder.appendingPathComponent(file))
                page.written.append(file)
                figures.append(ReportPage.image(file, caption: "video \(video.name), frame \(frame) (\(kind))"))
            } catch {
                page.missing.append("montage of video \(video.name) frame \(frame): \(error)")
            }
        }
        return figures
    }

    /// 6. The training curves of the chosen runs' generator and Destroyer nodes (each node once).
    func addTrainingCurves(_ chosen: [ReportRun], _ inputs: ReportPageInputs, to page: inout PageBeingWritten) throws {
        var trainingHTML: [String] = []
        var seenNodes: Set<String> = []
        for run in chosen {
            let nodes = [(PipelineStage.generator, run.generatorKey)]
                + (run.hasDestroyer ? [(PipelineStage.destroyer, run.destroyerKey)] : [])
            for (stage, key) in nodes where seenNodes.insert("\(stage.rawValue)/\(key)").inserted {
                let log = StageArtifact.trainingLog.url(in: cache.artifactDirectory(stage: stage.rawValue, key: key))
                guard FileManager.default.fileExists(atPath: log.path) else {
                    page.missing.append("training curve of the \(stage.rawValue) node \(key.prefix(12)) (\(run.dataset), "
                                        + "row \(run.row)): no training_log.csv in the cache")
                    continue
                }
                do {
                    let title = "\(stage == .generator ? "Generator (phase 1)" : "Destroyer (phase 2)") — "
                        + "\(inputs.displayName(run.dataset)), row \(run.row)"
                    let name = ReportFigureKind.training.path("\(stage.rawValue)_\(key.prefix(12))")
                    try TrainingLog.read(from: log).plot(title: title).document().write(to: inputs.folder.appendingPathComponent(name))
                    page.written.append(name)
                    trainingHTML.append(ReportPage.figure(name, caption: "\(stage.rawValue) node \(key.prefix(12))", size: .medium))
                } catch {
                    page.missing.append("training curve of the \(stage.rawValue) node \(key.prefix(12)): \(error)")
                }
            }
        }
        page.page.add(section: "Training curves", html: trainingHTML.isEmpty ? ReportPage.empty("no training log yet")
                      : trainingHTML.joined(separator: "\n"))
    }
}
