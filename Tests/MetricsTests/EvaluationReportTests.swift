import Foundation
import XCTest
import Metrics

final class EvaluationReportTests: XCTestCase {
    func testFixedWeightsOnAllVideosWithComponentAUCs() throws {
        let table = GammaSearchTests.makeTable()
        let report = try EvaluationReport(table: table, source: "s.csv")
        XCTAssertEqual(report.selection, "fixed")
        XCTAssertEqual(report.weights, .equal)
        XCTAssertFalse(report.isOracle)
        XCTAssertEqual(report.reportedVideos, ["v1", "v2", "v3", "v4"])
        XCTAssertEqual(report.evaluation, try ScoreCombination(weights: .equal).evaluate(table))
        XCTAssertEqual(Set(report.componentAUCs?.keys.map { $0 } ?? []), [.labelTriplet, .generatorMSE])
        XCTAssertTrue(report.text.contains("component AUCs (each alone): label_triplet"), report.text)
        XCTAssertFalse(report.text.contains("ORACLE"))
    }

    func testSearchReportsHeldOutOnlyAndOracleIsLabelledEverywhere() throws {
        let table = GammaSearchTests.makeTable()
        let searched = try EvaluationReport(table: table, source: "s.csv", gamma: .search)
        XCTAssertEqual(searched.reportedVideos, ["v2", "v4"])
        XCTAssertEqual(searched.evaluation.frameCount, 16)
        XCTAssertEqual(searched.componentAUCs,
                       try ScoreCombination.componentAUCs(of: table.subset(videos: ["v2", "v4"])))
        XCTAssertTrue(searched.text.contains("reported on held-out videos v2 v4"), searched.text)

        let oracle = try EvaluationReport(table: table, source: "s.csv", gamma: .oracle)
        XCTAssertTrue(oracle.isOracle)
        XCTAssertEqual(oracle.selection, "oracle")
        XCTAssertTrue(oracle.text.contains("ORACLE AUC"), oracle.text)
        let json = try oracle.json()
        XCTAssertTrue(json.contains("\"isOracle\" : true"), json)
        XCTAssertEqual(try JSONDecoder().decode(EvaluationReport.self, from: Data(json.utf8)), oracle)
    }

    func testOptionsThatDoNotFitTheTableAreErrors() throws {
        let scores = ScoreTable(rows: [
            ScoreRow(video: "a", frame: 0, isAnomalous: true, score: 1),
            ScoreRow(video: "a", frame: 1, isAnomalous: false, score: 0),
        ])
        XCTAssertThrowsError(try EvaluationReport(table: scores, source: "x.csv", gamma: .fixed(.ped2))) { error in
            XCTAssertTrue("\(error)".hasPrefix("x.csv holds a precomputed score column"), "\(error)")
        }
        let report = try EvaluationReport(table: scores, source: "x.csv", minMaxPerVideo: true)
        XCTAssertEqual(report.evaluation.auc, 1)
        XCTAssertNil(report.componentAUCs)
        XCTAssertThrowsError(try EvaluationReport(table: GammaSearchTests.makeTable(), source: "s.csv", minMaxPerVideo: true))
    }
}
