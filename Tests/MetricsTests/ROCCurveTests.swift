import XCTest
import Metrics

/// ROC points, AUC and EER against scikit-learn 1.9.1 / numpy 2.4 / scipy, computed with:
///
/// ```python
/// import numpy as np
/// from sklearn.metrics import roc_curve, roc_auc_score
/// from scipy.optimize import brentq
/// from scipy.interpolate import interp1d
/// def show(y, s):
///     fpr, tpr, th = roc_curve(y, s, drop_intermediate=False)
///     auc = roc_auc_score(y, s)
///     eer = fpr[np.nanargmin(np.absolute((1 - tpr) - fpr))]          # the authors' EER
///     crossing = brentq(lambda x: 1. - x - interp1d(fpr, tpr)(x), 0., 1.)  # interpolated EER
/// ```
final class ROCCurveTests: XCTestCase {
    // show([0,0,1,0,1,0,0,0,1,0,0,0], [0.1,0.4,0.35,0.8,0.8,0.2,0.4,0.05,0.9,0.35,0.6,0.1])
    // ties at 0.8 (one of each class), 0.4, 0.35 (one of each class) and 0.1; 3 positives, 9 negatives.
    func testTiedScoresMatchScikitLearn() throws {
        let labels = [0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0].map { $0 == 1 }
        let scores = [0.1, 0.4, 0.35, 0.8, 0.8, 0.2, 0.4, 0.05, 0.9, 0.35, 0.6, 0.1]
        let curve = try ROCCurve(scores: scores, labels: labels)
        assertEqual(curve.falsePositiveRates, [
            0.0, 0.0, 0.1111111111111111, 0.2222222222222222, 0.4444444444444444, 0.5555555555555556,
            0.6666666666666666, 0.8888888888888888, 1.0,
        ])
        assertEqual(curve.truePositiveRates, [
            0.0, 0.3333333333333333, 0.6666666666666666, 0.6666666666666666, 0.6666666666666666, 1.0, 1.0, 1.0, 1.0,
        ])
        XCTAssertEqual(curve.thresholds, [.infinity, 0.9, 0.8, 0.6, 0.4, 0.35, 0.2, 0.1, 0.05])
        XCTAssertEqual(curve.area, 0.8148148148148148, accuracy: 1e-15)
        XCTAssertEqual(try ROCCurve.areaUnderCurve(scores: scores, labels: labels), 0.8148148148148148, accuracy: 1e-15)
        XCTAssertEqual(curve.equalErrorRate.nearest, 0.4444444444444444, accuracy: 1e-15)
        XCTAssertEqual(curve.equalErrorRate.nearestThreshold, 0.4)
        XCTAssertEqual(curve.equalErrorRate.interpolated, 0.3333333333329376, accuracy: 1e-9)  // brentq tolerance
    }

    // rng = np.random.default_rng(7); y2 = (rng.random(40) < 0.15).astype(int)
    // s2 = np.round(rng.random(40) * 0.6 + 0.4 * y2, 1); show(y2, s2)   -- 5 positives of 40, heavy ties
    func testImbalancedLabelsWithTiesMatchScikitLearn() throws {
        let labels = [
            0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0,
        ].map { $0 == 1 }
        let scores = [
            0.2, 0.5, 0.3, 0.5, 0.4, 0.4, 0.5, 0.3, 0.3, 0.5, 0.2, 0.4, 0.0, 0.2, 0.2, 0.1, 0.5, 0.2, 0.6, 0.4,
            0.4, 0.4, 0.4, 0.5, 0.7, 0.1, 0.2, 0.1, 0.6, 0.1, 0.4, 0.2, 0.9, 0.4, 0.1, 0.5, 0.6, 0.9, 0.3, 0.1,
        ]
        let curve = try ROCCurve(scores: scores, labels: labels)
        assertEqual(curve.falsePositiveRates, [
            0.0, 0.0, 0.0, 0.08571428571428572, 0.22857142857142856, 0.4857142857142857, 0.6, 0.8,
            0.9714285714285714, 1.0,
        ])
        assertEqual(curve.truePositiveRates, [0.0, 0.4, 0.6, 0.6, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0])
        XCTAssertEqual(curve.thresholds, [.infinity, 0.9, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0])
        XCTAssertEqual(curve.area, 0.9371428571428572, accuracy: 1e-15)
        XCTAssertEqual(curve.equalErrorRate.nearest, 0.22857142857142856, accuracy: 1e-15)
        XCTAssertEqual(curve.equalErrorRate.interpolated, 0.16842105263157894, accuracy: 1e-9)
        // The row order must not matter.
        let reversed = try ROCCurve(scores: scores.reversed(), labels: labels.reversed())
        XCTAssertEqual(reversed, curve)
    }

    // show([0,0,1,1,1], [0.1,0.2,0.7,0.8,0.9])
    func testPerfectClassifier() throws {
        let evaluation = try Evaluation(scores: [0.1, 0.2, 0.7, 0.8, 0.9], labels: [false, false, true, true, true])
        XCTAssertEqual(evaluation.auc, 1.0)
        XCTAssertEqual(evaluation.equalErrorRate.nearest, 0.0)
        XCTAssertEqual(evaluation.equalErrorRate.interpolated, 0.0)
        XCTAssertEqual(evaluation.frameCount, 5)
        XCTAssertEqual(evaluation.anomalousCount, 3)
    }

    // show([0,0,1,1,1], [0.9,0.8,0.3,0.2,0.1])
    func testInvertedClassifier() throws {
        let curve = try ROCCurve(scores: [0.9, 0.8, 0.3, 0.2, 0.1], labels: [false, false, true, true, true])
        assertEqual(curve.falsePositiveRates, [0.0, 0.5, 1.0, 1.0, 1.0, 1.0])
        assertEqual(curve.truePositiveRates, [0.0, 0.0, 0.0, 0.3333333333333333, 0.6666666666666666, 1.0])
        XCTAssertEqual(curve.area, 0.0)
        XCTAssertEqual(curve.equalErrorRate.nearest, 1.0)
        XCTAssertEqual(curve.equalErrorRate.interpolated, 0.9999999999987873, accuracy: 1e-9)
    }

    // show([0,1,0,1], [0.5,0.5,0.5,0.5]): points (0,0), (1,1); argmin picks the first point (EER 0, a quirk
    // of the authors' definition), the crossing is at 0.5.
    func testConstantScoreGivesChanceAUCAndBothEERDefinitions() throws {
        let curve = try ROCCurve(scores: [0.5, 0.5, 0.5, 0.5], labels: [false, true, false, true])
        XCTAssertEqual(curve.falsePositiveRates, [0, 1])
        XCTAssertEqual(curve.truePositiveRates, [0, 1])
        XCTAssertEqual(curve.area, 0.5)
        XCTAssertEqual(curve.equalErrorRate.nearest, 0.0)
        XCTAssertEqual(curve.equalErrorRate.nearestThreshold, .infinity)
        XCTAssertEqual(curve.equalErrorRate.interpolated, 0.5)
    }

    func testAreaIsTheProbabilityThatAnAnomalyOutscoresANormalFrame() throws {
        // Mann–Whitney with ties counted 1/2, computed pair by pair on pseudo-random rounded scores.
        var state: UInt64 = 12345
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 40) / Double(1 << 24)
        }
        let labels = (0..<300).map { _ in next() < 0.2 }
        let scores = labels.map { (($0 ? 0.3 : 0) + next()).rounded(toPlaces: 1) }
        var wins = 0.0
        var pairs = 0.0
        for i in scores.indices where labels[i] {
            for j in scores.indices where !labels[j] {
                pairs += 1
                wins += scores[i] > scores[j] ? 1 : (scores[i] == scores[j] ? 0.5 : 0)
            }
        }
        XCTAssertEqual(try ROCCurve.areaUnderCurve(scores: scores, labels: labels), wins / pairs, accuracy: 1e-12)
    }

    func testDegenerateInputThrowsClearErrors() {
        XCTAssertThrowsError(try ROCCurve(scores: [], labels: [])) { error in
            XCTAssertEqual(error as? MetricsError, .emptyInput)
        }
        XCTAssertThrowsError(try ROCCurve(scores: [0.1, 0.2], labels: [true])) { error in
            XCTAssertEqual(error as? MetricsError, .lengthMismatch(scoreCount: 2, labelCount: 1))
            XCTAssertEqual("\(error)", "length mismatch: 2 scores but 1 labels")
        }
        XCTAssertThrowsError(try ROCCurve(scores: [0.1, .nan, 0.3], labels: [true, false, true])) { error in
            guard case let .nonFiniteScore(index, value)? = error as? MetricsError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(index, 1)
            XCTAssertTrue(value.isNaN)
        }
        XCTAssertThrowsError(try Evaluation(scores: [0.1, .infinity], labels: [true, false])) { error in
            XCTAssertEqual(error as? MetricsError, .nonFiniteScore(index: 1, value: .infinity))
        }
        XCTAssertThrowsError(try ROCCurve.areaUnderCurve(scores: [0.1, -.infinity], labels: [true, false])) { error in
            XCTAssertEqual(error as? MetricsError, .nonFiniteScore(index: 1, value: -.infinity))
        }
        XCTAssertThrowsError(try ROCCurve.areaUnderCurve(scores: [0.1, 0.2], labels: [true, true])) { error in
            XCTAssertEqual(error as? MetricsError, .singleClass(positiveCount: 2, negativeCount: 0))
        }
        XCTAssertThrowsError(try ROCCurve(scores: [0.1, 0.2], labels: [false, false])) { error in
            XCTAssertEqual(error as? MetricsError, .singleClass(positiveCount: 0, negativeCount: 2))
            XCTAssertTrue("\(error)".contains("all 2 frames are normal"), "\(error)")
        }
        XCTAssertThrowsError(try Evaluation(scores: [0.1, 0.2, 0.3], labels: [true, true, true])) { error in
            XCTAssertEqual(error as? MetricsError, .singleClass(positiveCount: 3, negativeCount: 0))
        }
    }

    func testEqualErrorRateJSONRoundTripKeepsInfiniteThreshold() throws {
        let rate = try ROCCurve(scores: [0.5, 0.5], labels: [false, true]).equalErrorRate
        let data = try JSONEncoder().encode(rate)
        XCTAssertFalse(String(decoding: data, as: UTF8.self).contains("nearestThreshold"))
        XCTAssertEqual(try JSONDecoder().decode(EqualErrorRate.self, from: data), rate)
    }

    private func assertEqual(_ actual: [Double], _ expected: [Double], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, "lengths differ: \(actual) vs \(expected)", file: file, line: line)
        for (a, e) in zip(actual, expected) {
            XCTAssertEqual(a, e, accuracy: 1e-15, "\(actual) vs \(expected)", file: file, line: line)
        }
    }
}

extension Double {
    /// Rounded to `places` decimals (test data only).
    func rounded(toPlaces places: Int) -> Double {
        let scale = pow(10.0, Double(places))
        return (self * scale).rounded() / scale
    }
}
