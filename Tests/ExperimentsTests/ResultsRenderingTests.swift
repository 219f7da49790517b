@testable import Experiments
import F2LM
import Foundation
import XCTest

/// runs.csv and the tables as functions of the plan and the runs' outcomes: each state shows as it did when
/// runs.csv was the input (done with its record's numbers, failed, pending), and the outcomes file reads back equal.
final class ResultsRenderingTests: XCTestCase {
    func testEachRunStateRendersFromThePlanAndItsOutcome() throws {
        let plan = try Plan.load(files: [Fixtures.experiments + "/table9_zp.yaml"], options: PlanOptions(scale: "smoke"))
        let document = try PlanDocument(plan: RunFilter(where: ["dataset=walkway", "seed=0"], rows: []).apply(to: plan),
                                        files: [], options: PlanOptions(scale: "smoke"))
        let runs = document.runs
        XCTAssertEqual(runs.map(\.resultsRow), ["None", "Background vector", "Zero vector"])
        var metrics = RunMetrics(auc: 0.8125, eer: 0.25, componentAUCs: [.generatorMSE: 0.7, .labelTriplet: 0.6],
                                 gamma: [1, 1, 1, 1], gammaSearched: false, normalization: "per-video",
                                 reportedVideos: ["01"], frameCount: 8)
        metrics.smoothing = nil
        var diagnostics = RunDiagnostics(hinges: TripletHingeDiagnostics(labelZero: 0.5, motionZero: nil))
        diagnostics.destroyerChangeInside = -0.125
        let record = RunRecord(stageKeys: runs[0].stageKeys, codeIdentity: "test", numerics: .init(kernels: nil, portable: nil, threads: nil),
                               metrics: metrics, diagnostics: diagnostics, videoPairs: nil)
        let outcomes = RunResultsFile(runs: [
            runs[0].hash: .init(status: .done, stageSeconds: ["evaluation": 0.5], record: record),
            runs[1].hash: .init(status: .failed),
        ])
        let csv = ResultsRendering.runsCSV(spec: "table9_zp", plan: document, results: outcomes)
        XCTAssertEqual(csv.records.map(\.status), [.done, .failed, .pending])
        XCTAssertEqual(csv.records[0].auc, 0.8125)
        XCTAssertEqual(csv.records[0].value(.aucGeneratorMSE), 0.7)
        XCTAssertEqual(csv.records[0].value(.aucLabelTriplet), 0.6)
        XCTAssertNil(csv.records[0].value(.aucMotionTriplet))
        XCTAssertEqual(csv.records[0].value(.labelTripletZero), 0.5)
        XCTAssertEqual(csv.records[0].value(.destroyerChangeInside), -0.125)
        XCTAssertEqual(csv.records[0].stageSeconds, ["evaluation": 0.5])
        XCTAssertEqual(csv.records.map(\.runHash), runs.map(\.hash))
        // The same rows runs.csv had when it was built from the planned runs.
        XCTAssertEqual(csv.records.map { $0.row }, plan.specs[0].runs.filter { $0.dataset == .walkway && $0.seed == 0 }
            .map { ResultsLayout.rowLabel(of: $0, in: plan.specs[0].spec) })

        let table = try XCTUnwrap(ResultsRendering.table(spec: "table9_zp", plan: document, results: outcomes))
        let markdown = table.markdown()
        XCTAssertNotNil(markdown.range(of: "\\| None \\| (\\*\\*)?81\\.2", options: .regularExpression), markdown)
        XCTAssertTrue(markdown.contains("| Background vector | failed"), markdown)
        XCTAssertTrue(markdown.contains("| Zero vector | —"), markdown)
        XCTAssertNil(ResultsRendering.table(spec: "other", plan: document, results: outcomes))

        let folder = makeScratchFolder(self)
        let url = RunResultsFile.url(in: folder)
        try outcomes.write(to: url)
        XCTAssertEqual(try RunResultsFile.read(from: url), outcomes)
        try Data("{\"version\": 2, \"runs\": {}}".utf8).write(to: url)
        XCTAssertThrowsError(try RunResultsFile.read(from: url)) { error in
            XCTAssertTrue("\(error)".contains(url.path) && "\(error)".contains("version 2"), "\(error)")
        }
    }
}
