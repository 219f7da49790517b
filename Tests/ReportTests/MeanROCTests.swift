import Metrics
import XCTest
@testable import Report

final class MeanROCTests: XCTestCase {
    // Points of this curve: (0,0) (0,.5) (.5,.5) (.5,1) (1,1); AUC 0.75.
    let staircase = try! ROCCurve(scores: [0.9, 0.8, 0.7, 0.6], labels: [true, false, true, false])

    func testOneCurveIsReadAsItsHeight() {
        let mean = MeanROC(curves: [staircase], gridSize: 5)
        XCTAssertEqual(mean.falsePositiveRates, [0, 0.25, 0.5, 0.75, 1])
        XCTAssertEqual(mean.truePositiveRates, [0.5, 0.5, 1, 1, 1])
        XCTAssertEqual(mean.area, 0.75, accuracy: 1e-12)
    }

    func testDiagonalTiesAreInterpolated() throws {
        // All scores tied: one diagonal step from (0,0) to (1,1).
        let tied = try ROCCurve(scores: [1, 1, 1, 1], labels: [true, false, true, false])
        let mean = MeanROC(curves: [tied], gridSize: 5)
        XCTAssertEqual(mean.truePositiveRates, [0, 0.25, 0.5, 0.75, 1])
        XCTAssertEqual(mean.area, 0.5, accuracy: 1e-12)
    }

    func testMeanOfTwoCurves() throws {
        let perfect = try ROCCurve(scores: [0.9, 0.8, 0.1, 0.2], labels: [true, true, false, false])
        let mean = MeanROC(curves: [staircase, perfect], gridSize: 3)
        XCTAssertEqual(mean.truePositiveRates, [0.75, 1, 1])
        XCTAssertEqual(mean.area, (0.75 + 1) / 2, accuracy: 1e-12)
        XCTAssertEqual(mean.curveCount, 2)
    }
}
