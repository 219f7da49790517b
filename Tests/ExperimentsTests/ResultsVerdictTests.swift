import Foundation
import Metrics
import XCTest
@testable import Experiments

/// Verdicts under a table: claims tested from the runs' per-video pair counts, cells marked against the reference
/// row, and the same verdicts after `f2lm tables` re-renders from results/ alone.
final class ResultsVerdictTests: XCTestCase {
    /// Six test videos of 30 frames, anomalous frames 10..<20 in videos 0–3; score = signal on anomalous frames +
    /// uniform noise (SplitMix64 stream `seed`).
    static func counts(signal: Double, seed: UInt64) throws -> VideoPairCounts {
        var state = seed
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        var scores: [Double] = [], labels: [Bool] = [], videos: [String] = []
        for video in 0..<6 {
            for frame in 0..<30 {
                let anomalous = video < 4 && (10..<20).contains(frame)
                scores.append(uniform() + (anomalous ? signal : 0))
                labels.append(anomalous)
                videos.append("\(video)")
            }
        }
        return try VideoPairCounts(scores: scores, labels: labels, videos: videos)
    }

    static let layout = PaperTableDescription(
        spec: "noise", title: "Table 6", rows: ["None", "Dropout(CD)", "Dropout(CI)"],
        datasets: [.init(key: "walkway", displayName: "walkway (Ped2)")], claims: [.order(["Dropout(CI)", "Dropout(CD)", "None"])],
        reference: "Dropout(CI)")

    /// CI strong, CD weak, None as strong as CI: the ordering is contradicted (None beats CD).
    static func fixture() throws -> (RunsCSV, VideoPairsFile) {
        var records: [RunsCSV.Record] = []
        var pairs = VideoPairsFile()
        for (index, (row, signal)) in [("None", 0.7), ("Dropout(CD)", 0.1), ("Dropout(CI)", 0.7)].enumerated() {
            for seed in 0..<3 {
                let counts = try counts(signal: signal, seed: UInt64(100 * index + seed))
                let hash = "\(row)-\(seed)"
                records.append(RunsCSV.Record(spec: "noise", row: row, dataset: "walkway", seed: seed, auc: counts.auc,
                                              runHash: hash, status: .done))
                pairs.runs[hash] = counts
            }
        }
        return (RunsCSV(records: records), pairs)
    }

    func testVerdictsAndReferenceMarksAreWrittenUnderTheTable() throws {
        let (runs, pairs) = try Self.fixture()
        let table = PaperTable(description: Self.layout, records: runs.records, pairs: pairs)
        let entry = try XCTUnwrap(table.verdicts.claims.first)
        XCTAssertEqual(entry.dataset, "walkway")
        XCTAssertEqual(entry.verdict.verdict, .contradicts)
        XCTAssertEqual(entry.verdict.comparisons.map(\.direction), [.better, .worse])
        XCTAssertEqual(table.referenceMark(row: "Dropout(CD)", dataset: "walkway"), " ▼")
        XCTAssertEqual(table.referenceMark(row: "None", dataset: "walkway"), "")
        let markdown = table.markdown()
        // One line per comparison: the claim's cells on the first; contradicts at 97.5% (95% split over two).
        XCTAssertTrue(markdown.contains("| Dropout(CI) > Dropout(CD) > None | walkway (Ped2) | **contradicts** "
                                        + "(contradicts needs 97.5%) | 3 × 6 | Dropout(CI) − Dropout(CD) | "), markdown)
        XCTAssertTrue(markdown.contains("|  |  |  | 3 × 6 | Dropout(CD) − None | "), markdown)
        let comparison = entry.verdict.comparisons[0]
        XCTAssertTrue(markdown.contains("| \(comparison.text) | \(comparison.minimumDetectableText) | — | — |"), markdown)
        XCTAssertEqual(entry.power.map(\.minimumDetectable), entry.verdict.comparisons.map(\.minimumDetectable))
        XCTAssertTrue(markdown.contains("n = 3 seeds (0, 1, 2)"), markdown)
        let cdLine = try XCTUnwrap(markdown.split(separator: "\n").first { $0.hasPrefix("| Dropout(CD) |") })
        XCTAssertTrue(cdLine.contains(" ▼"), String(cdLine))
    }

    func testTablesReRenderedFromResultsKeepTheVerdicts() throws {
        let (runs, pairs) = try Self.fixture()
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("verdicts-" + UUID().uuidString)
        let folder = ResultsFolder(root: root)
        try folder.writeRuns(runs, spec: "noise")
        try pairs.write(to: folder.pairsURL(spec: "noise"))
        try folder.writeTable(Self.layout, runs: runs)
        let first = try String(contentsOf: folder.specDirectory("noise").appendingPathComponent("table.md"), encoding: .utf8)
        XCTAssertEqual(try folder.rerenderAll(), ["noise"])
        let again = try String(contentsOf: folder.specDirectory("noise").appendingPathComponent("table.md"), encoding: .utf8)
        XCTAssertEqual(first, again)
        XCTAssertTrue(again.contains("**contradicts**"))
        let json = try PaperTableDescription.read(from: folder.specDirectory("noise").appendingPathComponent("table.json"))
        XCTAssertEqual(json.verdicts?.claims.first?.verdict.verdict, .contradicts)
        XCTAssertTrue(try String(contentsOf: folder.tablesURL, encoding: .utf8).contains("**contradicts**"))
        // Without the pair counts nothing can be tested, and the table says so.
        try FileManager.default.removeItem(at: folder.pairsURL(spec: "noise"))
        try folder.rerenderAll()
        let untested = try String(contentsOf: folder.specDirectory("noise").appendingPathComponent("table.md"), encoding: .utf8)
        XCTAssertTrue(untested.contains("| untested |"), untested)
    }
}

/// The Destroyer's training diagnostics in runs.csv, from its training log.
final class DestroyerDiagnosticsReadTests: XCTestCase {
    func testStepMeansAreWeightedByTheirPatchCounts() throws {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("log-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try """
        step,total,mean_difficulty,clean_fraction,difficulty_clean,difficulty_noised,steps_per_second
        1,0.5,0.4,0.75,0.2,0.8,10
        2,0.5,0.4,0.25,0.4,0.6,10
        3,0.5,0.4,0,0,0.9,10

        """.write(to: url, atomically: true, encoding: .utf8)
        let diagnostics = try XCTUnwrap(DestroyerDiagnostics.read(trainingLog: url))
        XCTAssertEqual(diagnostics.difficultyClean!, (0.75 * 0.2 + 0.25 * 0.4) / 1.0, accuracy: 1e-12)
        XCTAssertEqual(diagnostics.difficultyNoised!, (0.25 * 0.8 + 0.75 * 0.6 + 1 * 0.9) / 2.0, accuracy: 1e-12)
        // A log without the columns (trained before they were logged): no diagnostics.
        try "step,total,mean_difficulty,steps_per_second\n1,0.5,0.4,10\n".write(to: url, atomically: true, encoding: .utf8)
        XCTAssertNil(DestroyerDiagnostics.read(trainingLog: url))
    }

    func testRunsCSVRoundTripsTheDiagnosticsAndReadsOlderFiles() throws {
        var record = RunsCSV.Record(spec: "s", row: "r", dataset: "walkway", seed: 0, auc: 0.9, runHash: "h", status: .done)
        record.destroyerDifficultyClean = 0.25
        record.destroyerDifficultyNoised = 0.5
        record.destroyerChangeInside = -0.125
        record.destroyerChangeOutside = -0.0625
        record.labelTripletZero = 0.75
        record.motionTripletZero = 0
        let text = RunsCSV(records: [record]).render()
        XCTAssertTrue(text.hasPrefix("spec,row,dataset,seed,auc,eer,auc_label_triplet,auc_motion_triplet,auc_generator_mse,"
                                     + "auc_destroyer_mse,destroyer_difficulty_clean,destroyer_difficulty_noised,"
                                     + "destroyer_change_inside,destroyer_change_outside,label_triplet_zero,"
                                     + "motion_triplet_zero,"), text)
        XCTAssertEqual(try RunsCSV.parse(text, file: "runs.csv").records, [record])
        // A file from before the test-time change columns (two diagnostics) still reads.
        let twoDiagnostics = "spec,row,dataset,seed,auc,eer,auc_label_triplet,auc_motion_triplet,auc_generator_mse,"
            + "auc_destroyer_mse,destroyer_difficulty_clean,destroyer_difficulty_noised,seconds_dataset,seconds_generator,"
            + "seconds_destroyer,seconds_scores,seconds_evaluation,run_hash,status\n"
            + "s,r,walkway,0,0.9,,,,,,0.25,0.5,,,,,,h,done\n"
        let before = try RunsCSV.parse(twoDiagnostics, file: "before.csv").records[0]
        XCTAssertEqual(before.destroyerDifficultyNoised, 0.5)
        XCTAssertNil(before.destroyerChangeInside)
        let old = "spec,row,dataset,seed,auc,eer,auc_label_triplet,auc_motion_triplet,auc_generator_mse,auc_destroyer_mse,"
            + "seconds_dataset,seconds_generator,seconds_destroyer,seconds_scores,seconds_evaluation,run_hash,status\n"
            + "s,r,walkway,0,0.9,,,,,,,,,,,h,done\n"
        let parsed = try RunsCSV.parse(old, file: "old.csv").records[0]
        XCTAssertEqual(parsed.auc, 0.9)
        XCTAssertNil(parsed.destroyerDifficultyClean)
        // A file from before the triplet-hinge columns (four diagnostics) still reads.
        let fourDiagnostics = "spec,row,dataset,seed,auc,eer,auc_label_triplet,auc_motion_triplet,auc_generator_mse,"
            + "auc_destroyer_mse,destroyer_difficulty_clean,destroyer_difficulty_noised,destroyer_change_inside,"
            + "destroyer_change_outside,seconds_dataset,seconds_generator,seconds_destroyer,seconds_scores,"
            + "seconds_evaluation,run_hash,status\n"
            + "s,r,walkway,0,0.9,,,,,,0.25,0.5,-0.125,-0.0625,,,,,,h,done\n"
        let four = try RunsCSV.parse(fourDiagnostics, file: "four.csv").records[0]
        XCTAssertEqual(four.destroyerChangeOutside, -0.0625)
        XCTAssertNil(four.labelTripletZero)
    }

    func testTripletHingeDiagnosticsCountExactZerosPerComponent() throws {
        // Label triplet 0 on 3 of 4 frames, motion on 1 of 4; a run without the components has none.
        let rows = [(0.0, 0.2), (0.0, 0.0), (0.0, 1e-9), (0.5, 0.3)].enumerated().map { index, values in
            ScoreRow(video: "01", frame: index + 4, isAnomalous: index == 3, labelTriplet: values.0,
                     motionTriplet: values.1, generatorMSE: 0.01)
        }
        let url = makeScratchFolder(self).appendingPathComponent("scores.csv")
        try ScoreTable(rows: rows).write(to: url)
        let read = try XCTUnwrap(TripletHingeDiagnostics.read(scores: url))
        XCTAssertEqual(read, TripletHingeDiagnostics(labelZero: 0.75, motionZero: 0.25))
        let generatorOnly = ScoreTable(rows: rows.map {
            ScoreRow(video: $0.video, frame: $0.frame, isAnomalous: $0.isAnomalous, generatorMSE: $0.generatorMSE)
        })
        XCTAssertEqual(TripletHingeDiagnostics(table: generatorOnly), TripletHingeDiagnostics(labelZero: nil, motionZero: nil))
        XCTAssertNil(TripletHingeDiagnostics.read(scores: url.deletingLastPathComponent().appendingPathComponent("missing.csv")))
    }
}
