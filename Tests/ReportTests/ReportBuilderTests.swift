import Experiments
import Foundation
@testable import JobRunner
import Metrics
@testable import Report
import VideoData
import XCTest

/// Builds a report from a hand-written fake cache and results folder and checks what a reader relies on: the
/// figures exist and parse, the page links only existing files, missing runs are listed, not fatal.
final class ReportBuilderTests: XCTestCase {
    var root: URL!
    var cache: ArtifactCache!
    var results: ResultsFolder!
    let spec = "table_test"

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("report-test-\(UUID().uuidString)")
        cache = ArtifactCache(root: root.appendingPathComponent("cache"))
        results = ResultsFolder(root: root.appendingPathComponent("results"))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    func write(_ text: String, stage: String, key: String, file: String) throws {
        let folder = cache.artifactDirectory(stage: stage, key: key)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: folder.appendingPathComponent(file))
    }

    /// Two videos of 20 frames; anomalous frames 8…12 and 3…6; `quality` scales how much the anomaly stands out.
    func scoresCSV(quality: Double) -> String {
        var lines = ["video,frame,label,label_triplet,motion_triplet,generator_mse,destroyer_mse"]
        for (video, anomaly) in [("01", 8...12), ("02", 3...6)] {
            for frame in 0..<20 {
                let anomalous = anomaly.contains(frame)
                let wobble = Double((frame * 7) % 5) * 0.01
                let generator = 0.1 + wobble + (anomalous ? 0.04 * quality : 0)
                let destroyer = 0.2 + Double((frame * 3) % 4) * 0.01 + (anomalous ? 0.08 * quality : 0)
                lines.append("\(video),\(frame),\(anomalous ? 1 : 0),,,\(generator),\(destroyer)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func run(_ row: String, seed: Int, _ id: String) -> ReportRun {
        ReportRun(row: row, dataset: "ped2", seed: seed, datasetKey: "data0", generatorKey: "gen-\(id)",
                  destroyerKey: "des-\(id)", scoresKey: "sco-\(id)", evaluationKey: "eval-\(id)",
                  weights: .equal, normalization: .perVideo, hasDestroyer: true, runHash: "eval-\(id)")
    }

    /// Rows A (seeds 0, 1) and B (seed 0 finished, seed 1 not); B is better in runs.csv.
    func makeFixture() throws -> [ReportRun] {
        let runs = [run("A", seed: 0, "a0"), run("A", seed: 1, "a1"), run("B", seed: 0, "b0"), run("B", seed: 1, "b1")]
        try write(scoresCSV(quality: 0.5), stage: "scores", key: "sco-a0", file: "scores.csv")
        try write(scoresCSV(quality: 0.7), stage: "scores", key: "sco-a1", file: "scores.csv")
        try write(scoresCSV(quality: 2), stage: "scores", key: "sco-b0", file: "scores.csv")
        // The evaluation of b0 used γ = (0, 0, 1, 0.5) with global normalisation.
        try write("""
            {"version": 1, "codeIdentity": "test", "numerics": {}, "diagnostics": {},
             "stageKeys": {"dataset": "data0", "generator": "gen-b0", "destroyer": "des-b0", "scores": "sco-b0",
                           "evaluation": "eval-b0"},
             "metrics": {"auc": 0.9, "eer": 0.1, "componentAUCs": {}, "gamma": [0, 0, 1, 0.5], "gammaSearched": false,
                         "normalization": "global", "reportedVideos": ["01", "02"], "frameCount": 40}}
            """, stage: "evaluation", key: "eval-b0", file: RunRecord.fileName)
        try write("step,generator,discriminator,steps_per_second\n1,3.0,0.70,2.5\n50,1.2,0.69,2.6\n100,0.8,0.71,2.6\n",
                  stage: "generator", key: "gen-b0", file: "training_log.csv")
        try write("step,destroyer,steps_per_second\n1,0.9,4\n50,0.3,4\n", stage: "destroyer", key: "des-b0",
                  file: "training_log.csv")
        let layout = PaperTableDescription(spec: spec, title: "Table T: a test", rowHeader: "setting", rows: ["A", "B"],
                                           datasets: [.init(key: "ped2", displayName: "UCSD Ped2")], metrics: [.auc])
        let records = [
            RunsCSV.Record(spec: spec, row: "A", dataset: "ped2", seed: 0, auc: 0.80, runHash: "eval-a0", status: .done),
            RunsCSV.Record(spec: spec, row: "A", dataset: "ped2", seed: 1, auc: 0.82, runHash: "eval-a1", status: .done),
            RunsCSV.Record(spec: spec, row: "B", dataset: "ped2", seed: 0, auc: 0.95, runHash: "eval-b0", status: .done),
            RunsCSV.Record(spec: spec, row: "B", dataset: "ped2", seed: 1, runHash: "eval-b1", status: .pending),
        ]
        let csv = RunsCSV(records: records)
        try FileManager.default.createDirectory(at: results.specDirectory(spec), withIntermediateDirectories: true)
        try results.writeRuns(csv, spec: spec)
        try results.writeTable(layout, runs: csv)
        return runs
    }

    /// Every `src="…"` / `href="…"` of `html` that is a relative file path.
    func references(in html: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: "(?:src|href)=\"([^\"#]+)\"")
        let range = NSRange(html.startIndex..., in: html)
        return pattern.matches(in: html, range: range).map { String(html[Range($0.range(at: 1), in: html)!]) }
    }

    func testReportFiguresParseAndPageLinksOnlyExistingFiles() throws {
        let builder = ReportBuilder(cache: cache, results: results)
        let summary = try builder.write(spec: spec, runs: try makeFixture())
        let index = try builder.writeIndex()
        let folder = results.specDirectory(spec)

        XCTAssertTrue(summary.figures.contains("figures/roc_ped2.svg"))
        XCTAssertEqual(summary.figures.filter { $0.hasPrefix("figures/score_ped2_B_s0_") }.count, 2, "\(summary.figures)")
        XCTAssertTrue(summary.figures.contains("figures/training_generator_gen-b0.svg"))
        XCTAssertTrue(summary.figures.contains("figures/training_destroyer_des-b0.svg"))

        for figure in summary.figures where figure.hasSuffix(".svg") {
            let text = try String(contentsOf: folder.appendingPathComponent(figure), encoding: .utf8)
            let svg = try XCTUnwrap(SVGInspector.parse(text), "\(figure) is not well-formed XML")
            XCTAssertEqual(svg.elements(withClass: "x-axis").count, 1, figure)
            XCTAssertEqual(svg.elements(withClass: "y-axis").count, 1, figure)
            XCTAssertEqual(svg.elements(withClass: "series").count + svg.elements(withClass: "band").count,
                           svg.elements.filter { $0.name == "path" }.count)
        }
        let roc = try XCTUnwrap(SVGInspector.parse(String(contentsOf: folder.appendingPathComponent("figures/roc_ped2.svg"),
                                                          encoding: .utf8)))
        XCTAssertEqual(roc.elements(withClass: "series").count, 2, "one mean curve per row")
        let legend = roc.elements(withClass: "legend-text").map(\.text)
        XCTAssertTrue(legend[0].hasPrefix("A: AUC ") && legend[0].contains("(mean of 2 seeds, "), "\(legend)")
        // The seed spread: a band behind the two-seed row only.
        XCTAssertEqual(roc.elements(withClass: "band").count, 1)
        XCTAssertTrue(legend[1].hasPrefix("B: AUC ") && legend[1].hasSuffix("(1 seed)"), "\(legend)")
        // Row B's AUC uses the γ from its record.json: check against Metrics directly.
        let table = try ScoreTable(csv: scoresCSV(quality: 2), file: "b0")
        let weights = ScoreWeights(labelTriplet: 0, motionTriplet: 0, generatorMSE: 1, destroyerMSE: 0.5)
        let auc = try ScoreCombination(weights: weights, normalization: .global).evaluate(table).auc
        XCTAssertTrue(legend[1].contains(String(format: "%.1f%%", auc * 100)), "\(legend[1]) vs \(auc)")

        let score = try XCTUnwrap(SVGInspector.parse(String(contentsOf: folder.appendingPathComponent(
            "figures/score_ped2_B_s0_01.svg"), encoding: .utf8)))
        XCTAssertEqual(score.elements(withClass: "series").count, 2, "with and without the Destroyer")
        XCTAssertEqual(score.elements(withClass: "shading").count, 1)
        let generator = try XCTUnwrap(SVGInspector.parse(String(contentsOf: folder.appendingPathComponent(
            "figures/training_generator_gen-b0.svg"), encoding: .utf8)))
        XCTAssertEqual(generator.elements(withClass: "legend-text").map(\.text), ["generator", "discriminator"])

        let html = try String(contentsOf: summary.page, encoding: .utf8)
        let refs = references(in: html)
        XCTAssertFalse(refs.isEmpty)
        for ref in refs {
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent(ref).standardizedFileURL.path),
                          "report.html links \(ref), which does not exist")
        }
        for figure in summary.figures { XCTAssertTrue(refs.contains(figure), "\(figure) is not on the page") }
        // Sections in order, the table first.
        let order = ["<table>", "id=\"roc-curves\"", "id=\"score-curves\"", "id=\"frame-montages\"", "id=\"training-curves\""]
        let positions = try order.map { try XCTUnwrap(html.range(of: $0)?.lowerBound, $0) }
        XCTAssertEqual(positions, positions.sorted())
        XCTAssertTrue(html.contains("UCSD Ped2 AUC"))
        // The unfinished run and the missing model are listed, not fatal.
        XCTAssertTrue(summary.missing.contains { $0.contains("B / seed 1") && $0.contains("sco-b1") }, "\(summary.missing)")
        XCTAssertTrue(summary.missing.contains { $0.contains("frame montages") })
        XCTAssertTrue(html.contains("id=\"missing\""))

        let indexHTML = try String(contentsOf: index, encoding: .utf8)
        XCTAssertEqual(references(in: indexHTML), ["\(spec)/report.html"])
        XCTAssertTrue(indexHTML.contains("Table T: a test"))
    }

    /// A prediction source made of fixed images, standing in for the model (the montage layout is what is tested).
    struct FixedPredictions: FramePredictionSource {
        func montage(run: ReportRun, video: String, frame: Int) throws -> FrameMontage {
            let image = { (v: Float) in ModelImage(channels: 1, height: 10, width: 12, values: [Float](repeating: v, count: 120)) }
            return FrameMontage(lastInput: image(-1), realFuture: image(0), prediction: image(0.2), destroyerOutput: image(0.5),
                                anomalyMask: FrameMontage.frameMask(isAnomalous: frame > 5, width: 12, height: 10))
        }
    }

    func testChosenRunAndMontages() throws {
        let builder = ReportBuilder(cache: cache, results: results, predictions: FixedPredictions())
        let summary = try builder.write(spec: spec, runs: try makeFixture(), chosenRun: "eval-a1")
        XCTAssertEqual(summary.figures.filter { $0.hasPrefix("figures/score_") }.count, 2)
        XCTAssertTrue(summary.figures.allSatisfy { !$0.hasPrefix("figures/score_") || $0.hasPrefix("figures/score_ped2_A_s1_") })
        let montages = summary.figures.filter { $0.hasSuffix(".png") }
        XCTAssertEqual(montages.count, 4, "most and least anomalous frame of each of the two videos")
        let scale = FrameMontage.scale(forHeight: 10)
        for file in montages {
            let image = try ImageCodec.read(results.specDirectory(spec).appendingPathComponent(file).path)
            XCTAssertEqual(image.width, 6 * 12 * scale + 5 * FrameMontage.gap)
            XCTAssertEqual(image.height, 10 * scale)
        }
        XCTAssertTrue(summary.missing.contains { $0.contains("training curve of the generator node gen-a1") })
        XCTAssertFalse(summary.missing.contains { $0.contains("frame montages") })
    }

    /// A second report with another chosen run removes the first one's montages and score curves, and keeps files
    /// that are not the report's own.
    func testFiguresOfAnEarlierReportThatThisOneDoesNotDrawAreRemoved() throws {
        let builder = ReportBuilder(cache: cache, results: results, predictions: FixedPredictions())
        let first = try builder.write(spec: spec, runs: try makeFixture(), chosenRun: "eval-a1")
        let figures = results.specDirectory(spec).appendingPathComponent("figures")
        try Data("mine".utf8).write(to: figures.appendingPathComponent("notes.txt"))
        try Data().write(to: figures.appendingPathComponent("my_plot.svg"))
        let second = try builder.write(spec: spec, runs: try makeFixture())
        let stale = Set(first.figures).subtracting(second.figures)
        XCTAssertFalse(stale.isEmpty, "the two chosen runs draw different score curves")
        let present = Set(try FileManager.default.contentsOfDirectory(atPath: figures.path).map { "figures/" + $0 })
        XCTAssertEqual(present, Set(second.figures).union(["figures/notes.txt", "figures/my_plot.svg"]))
    }

    func testEmptyCacheGivesAPageListingWhatIsMissing() throws {
        let runs = [run("A", seed: 0, "a0")]
        let builder = ReportBuilder(cache: cache, results: results)
        let summary = try builder.write(spec: "nothing_yet", runs: runs)
        XCTAssertTrue(summary.figures.isEmpty)
        XCTAssertTrue(summary.missing.contains { $0.contains("table.md") })
        XCTAssertTrue(summary.missing.contains { $0.contains("no scores.csv") })
        let html = try String(contentsOf: summary.page, encoding: .utf8)
        XCTAssertEqual(references(in: html), ["../index.html"])
        XCTAssertNotNil(SVGInspector.parse(html.replacingOccurrences(of: "<!DOCTYPE html>", with: "")
            .replacingOccurrences(of: "<meta charset=\"utf-8\">", with: "<meta charset=\"utf-8\"/>")))
    }

    func testUnknownRunIsReported() throws {
        let summary = try ReportBuilder(cache: cache, results: results)
            .write(spec: spec, runs: try makeFixture(), chosenRun: "nope")
        XCTAssertTrue(summary.missing.contains { $0.contains("--run nope") })
    }

    func testTripletTableShowsComponentAUCsAndHingeZeroSharePerRow() throws {
        func record(_ row: String, seed: Int, label: Double?, motion: Double?) -> RunsCSV.Record {
            var r = RunsCSV.Record(spec: "s", row: row, dataset: "plaza", seed: seed, auc: 0.6, aucLabelTriplet: 0.5,
                                   aucMotionTriplet: 0.7, runHash: "\(row)\(seed)", status: .done)
            r.labelTripletZero = label
            r.motionTripletZero = motion
            return r
        }
        let records = [record("F2LM", seed: 0, label: 1, motion: 0.5), record("F2LM", seed: 1, label: 0.5, motion: 0),
                       record("FFP", seed: 0, label: nil, motion: nil)]
        let table = try XCTUnwrap(ReportBuilder.tripletTable(records: records, rows: ["F2LM", "FFP"],
                                                             datasets: [("plaza", "plaza (Avenue)")]))
        let lines = table.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "| row | plaza (Avenue) AUC label / motion; hinge = 0 on |")
        XCTAssertEqual(lines[2], "| F2LM | 50.0 / 70.0; 75.0 % / 25.0 % (n = 2) |")
        XCTAssertFalse(table.contains("| FFP |"), "a row without triplet components has no line")
        XCTAssertNil(ReportBuilder.tripletTable(records: [records[2]], rows: ["FFP"], datasets: [("plaza", "plaza")]))
    }
}
