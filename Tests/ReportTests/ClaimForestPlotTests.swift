import Experiments
import Metrics
import XCTest
@testable import Report

/// The forest plot of a claim draws one line per (dataset, comparison): interval, estimate, ±MDD band, paper's Δ.
final class ClaimForestPlotTests: XCTestCase {
    func testOneLinePerComparisonWithBandAndPaperMark() throws {
        func run(_ values: [Double]) -> VideoPairCounts {
            // Two videos: one anomalous and one normal frame each; values = scores (anomalous, normal) per video.
            try! VideoPairCounts(scores: values, labels: [true, false, true, false], videos: ["a", "a", "b", "b"])
        }
        let better: SeedRuns = [0: run([0.9, 0.1, 0.8, 0.3]), 1: run([0.7, 0.2, 0.9, 0.4])]
        let worse: SeedRuns = [0: run([0.4, 0.5, 0.6, 0.3]), 1: run([0.2, 0.3, 0.9, 0.8])]
        let verdict = ClaimTest().evaluate(.order(["x", "y"]), rows: ["x": better, "y": worse], allRows: ["x", "y"])
        let difference = try XCTUnwrap(verdict.comparisons.first)
        let entry = TableVerdicts.Entry(dataset: "walkway", verdict: verdict,
                                        power: [ComparisonPower(difference, paperBetter: 98.2, paperWorse: 97.5)])
        let plot = ClaimForestPlot(claim: .order(["x", "y"]), entries: [entry], displayName: { "\($0) (Ped2)" })
        XCTAssertEqual(plot.lines.count, 1)
        XCTAssertEqual(plot.lines[0].paper ?? 0, 0.007, accuracy: 1e-12)
        XCTAssertEqual(plot.lines[0].minimumDetectable, difference.minimumDetectable)
        XCTAssertTrue(plot.lines[0].label.hasPrefix("walkway (Ped2): x − y"))
        let svg = try XCTUnwrap(plot.document()).render()
        XCTAssertEqual(svg.components(separatedBy: "class=\"mdd\"").count - 1, 1)
        XCTAssertEqual(svg.components(separatedBy: "class=\"interval\"").count - 1, 1)
        XCTAssertEqual(svg.components(separatedBy: "class=\"paper\"").count - 1, 1)
        XCTAssertNil(ClaimForestPlot(claim: .best("z"), entries: [entry], displayName: { $0 }).document())
    }
}
