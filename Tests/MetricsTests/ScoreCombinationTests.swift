import XCTest
import Metrics

/// Standardisation, min-max scaling and the γ-weighted combination on hand values.
///
/// Reference values from numpy (population σ, as `np.std`; σ + 1e-8 and range + 1e-8 as the authors' `z_score` and
/// `min_max_normalize`):
/// ```python
/// import numpy as np
/// vid = np.array([0,0,0,0,1,1,1]); y = np.array([0,0,1,1,0,1,1])
/// g = np.array([1.,2.,3.,6.,10.,20.,30.]); d = np.array([0.,0.,4.,0.,5.,5.,5.])
/// def z(x, groups):
///     out = np.zeros_like(x)
///     for v in np.unique(groups):
///         m = groups == v; s = x[m].std(); out[m] = 0 if s == 0 else (x[m] - x[m].mean()) / (s + 1e-8)
///     return out
/// def mm(x, groups):
///     out = np.zeros_like(x)
///     for v in np.unique(groups):
///         m = groups == v; r = x[m].max() - x[m].min(); out[m] = 0 if r == 0 else (x[m] - x[m].min()) / (r + 1e-8)
///     return out
/// z(g, vid); z(g, np.zeros_like(vid))
/// mm(1.0 * z(g, vid) + 0.5 * z(d, vid), vid)                                    # per video
/// mm(1.0 * z(g, np.zeros_like(vid)) + 0.5 * z(d, np.zeros_like(vid)), vid)      # global
/// roc_auc_score(y, mm(g, vid)), roc_auc_score(y, mm(d, vid)), roc_auc_score(y, g)  # 1.0, 0.625, 0.8333
/// ```
final class ScoreCombinationTests: XCTestCase {
    let videos = [0, 0, 0, 0, 1, 1, 1]
    let generator = [1.0, 2, 3, 6, 10, 20, 30]
    let destroyer = [0.0, 0, 4, 0, 5, 5, 5]
    let labels = [0, 0, 1, 1, 0, 1, 1].map { $0 == 1 }

    var table: ScoreTable {
        ScoreTable(rows: (0..<7).map { i in
            ScoreRow(
                video: videos[i] == 0 ? "a" : "b", frame: i, isAnomalous: labels[i],
                generatorMSE: generator[i], destroyerMSE: destroyer[i])
        })
    }

    func testStandardizedPerVideoAndGlobally() {
        assertClose(ScoreNormalization.standardized(generator, groups: videos), [
            -1.0690449619354119, -0.5345224809677059, 0.0, 1.603567442903118,
            -1.2247448698915888, 0.0, 1.2247448698915888,
        ])
        assertClose(ScoreNormalization.standardized(generator), [
            -0.9223802570653332, -0.8230469986121435, -0.7237137401589537, -0.4257139647993846,
            -0.02838093098662571, 0.9649516535452716, 1.958284238077169,
        ])
    }

    func testConstantGroupStandardizesAndScalesToZero() {
        // 0.1 repeated: the mean is not exactly 0.1 in floating point, yet σ = 0 must be detected.
        let values = [0.1, 0.1, 0.1, 1, 2, 3]
        let groups = [7, 7, 7, 3, 3, 3]
        XCTAssertEqual(Array(ScoreNormalization.standardized(values, groups: groups).prefix(3)), [0, 0, 0])
        assertClose(ScoreNormalization.minMaxScaled(values, groups: groups), [0, 0, 0, 0, 0.4999999975, 0.999999995])
    }

    func testCombinedScoresPerVideo() throws {
        let combination = ScoreCombination(
            weights: ScoreWeights(labelTriplet: 0, motionTriplet: 0, generatorMSE: 1, destroyerMSE: 0.5),
            normalization: .perVideo)
        // Video b's destroyer values are constant, so only its generator values count there.
        assertClose(try combination.scores(for: table), [
            0.0, 0.19999999925166856, 0.8320493765955764, 0.9999999962583427, 0.0, 0.49999999795875855, 0.9999999959175171,
        ])
    }

    func testCombinedScoresGlobal() throws {
        let combination = ScoreCombination(
            weights: ScoreWeights(labelTriplet: 0, motionTriplet: 0, generatorMSE: 1, destroyerMSE: 0.5),
            normalization: .global)
        assertClose(try combination.scores(for: table), [
            0.0, 0.09538732381634701, 0.9999999903972421, 0.47693661908173446, 0.0, 0.4999999974832195, 0.9999999949664392,
        ])
    }

    func testAbsentComponentsContributeNothing() throws {
        // γ1, γ2 are large, but there is no label or motion column: same scores as with γ1 = γ2 = 0.
        let heavy = ScoreCombination(weights: ScoreWeights(labelTriplet: 9, motionTriplet: 9, generatorMSE: 1, destroyerMSE: 0.5))
        let light = ScoreCombination(weights: ScoreWeights(labelTriplet: 0, motionTriplet: 0, generatorMSE: 1, destroyerMSE: 0.5))
        XCTAssertEqual(try heavy.scores(for: table), try light.scores(for: table))
        XCTAssertEqual(table.presentComponents, [.generatorMSE, .destroyerMSE])
    }

    func testScaleOfWeightsDoesNotMatterButRatioDoes() throws {
        let base = try ScoreCombination(weights: ScoreWeights(labelTriplet: 0, motionTriplet: 0, generatorMSE: 1, destroyerMSE: 0.5))
            .scores(for: table)
        let doubled = try ScoreCombination(weights: ScoreWeights(labelTriplet: 0, motionTriplet: 0, generatorMSE: 2, destroyerMSE: 1))
            .scores(for: table)
        // Min-max divides by (range + 1e-8), so doubling the weights moves the scores by ~1e-9.
        assertClose(doubled, base, accuracy: 1e-8)
        let destroyerOnly = try ScoreCombination(weights: ScoreWeights(labelTriplet: 0, motionTriplet: 0, generatorMSE: 0, destroyerMSE: 1))
            .scores(for: table)
        // Video a: destroyer [0,0,4,0] → [0,0,1,0] (1 less the 1e-8 guard); video b constant → 0.
        assertClose(destroyerOnly, [0, 0, 0.999999995669873, 0, 0, 0, 0])
    }

    func testAllPresentWeightsZeroIsAnError() {
        let combination = ScoreCombination(weights: ScoreWeights(labelTriplet: 1, motionTriplet: 1, generatorMSE: 0, destroyerMSE: 0))
        XCTAssertThrowsError(try combination.scores(for: table)) { error in
            guard case .invalidWeights? = error as? MetricsError else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("generator_mse, destroyer_mse"), "\(error)")
        }
    }

    func testComponentAUCsUseThePerVideoPipeline() throws {
        let aucs = try ScoreCombination.componentAUCs(of: table)
        XCTAssertEqual(aucs.count, 2)
        XCTAssertEqual(try XCTUnwrap(aucs[.generatorMSE]), 1.0, accuracy: 1e-15)  // raw g alone would give 0.8333
        XCTAssertEqual(try XCTUnwrap(aucs[.destroyerMSE]), 0.625, accuracy: 1e-15)
    }

    func testInconsistentTablesAreRejected() {
        var rows = table.rows
        rows[3].destroyerMSE = nil
        XCTAssertThrowsError(try ScoreCombination().scores(for: ScoreTable(rows: rows))) { error in
            XCTAssertTrue("\(error)".contains("row 3 (video 'a', frame 3) has no destroyer_mse"), "\(error)")
        }
        rows = table.rows
        rows[5].frame = 4
        XCTAssertThrowsError(try ScoreCombination().scores(for: ScoreTable(rows: rows))) { error in
            XCTAssertTrue("\(error)".contains("appears twice"), "\(error)")
        }
        rows = table.rows
        rows[1].generatorMSE = .nan
        XCTAssertThrowsError(try ScoreCombination().scores(for: ScoreTable(rows: rows))) { error in
            XCTAssertTrue("\(error)".contains("generator_mse = nan"), "\(error)")
        }
        XCTAssertThrowsError(try ScoreCombination().scores(for: ScoreTable(rows: []))) { error in
            XCTAssertEqual(error as? MetricsError, .invalidTable("it has no rows"))
        }
        let scoreTable = ScoreTable(rows: [ScoreRow(video: "a", frame: 0, isAnomalous: true, score: 1)])
        XCTAssertThrowsError(try ScoreCombination().scores(for: scoreTable))
    }

    func testPrecomputedScoresAsGivenOrMinMaxPerVideo() throws {
        let rows = [
            ScoreRow(video: "a", frame: 0, isAnomalous: false, score: 2),
            ScoreRow(video: "a", frame: 1, isAnomalous: true, score: 4),
            ScoreRow(video: "b", frame: 0, isAnomalous: true, score: 1),
            ScoreRow(video: "b", frame: 1, isAnomalous: false, score: 0),
            ScoreRow(video: "c", frame: 0, isAnomalous: false, score: 7),
        ]
        let table = ScoreTable(rows: rows)
        XCTAssertEqual(table.format, .score)
        XCTAssertEqual(try table.precomputedScores(minMaxPerVideo: false), [2, 4, 1, 0, 7])
        assertClose(try table.precomputedScores(minMaxPerVideo: true), [0, 2 / (2 + 1e-8), 1 / (1 + 1e-8), 0, 0])
    }

    func testWeightsParsing() throws {
        XCTAssertEqual(
            try ScoreWeights(parsing: "0.02, 0.5,0.48,1"),
            ScoreWeights(labelTriplet: 0.02, motionTriplet: 0.5, generatorMSE: 0.48, destroyerMSE: 1))
        XCTAssertEqual(try GammaSetting(parsing: "search"), .search)
        XCTAssertEqual(try GammaSetting(parsing: "Oracle"), .oracle)
        XCTAssertEqual(try GammaSetting(parsing: "1,1,1,1"), .fixed(.equal))
        for bad in ["1,2,3", "1,2,3,4,5", "1,x,3,4", "1,,3,4", "1,2,3,-1", "1,2,3,nan", "", "searching"] {
            XCTAssertThrowsError(try GammaSetting(parsing: bad), bad) { error in
                guard case .invalidWeights? = error as? MetricsError else { return XCTFail("\(bad): \(error)") }
            }
        }
        XCTAssertEqual(try NormalizationScope(parsing: "per-video"), .perVideo)
        XCTAssertEqual(try NormalizationScope(parsing: "GLOBAL"), .global)
        XCTAssertThrowsError(try NormalizationScope(parsing: "video"))
    }

    private func assertClose(_ actual: [Double], _ expected: [Double], accuracy: Double = 1e-12,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, file: file, line: line)
        for (a, e) in zip(actual, expected) {
            XCTAssertEqual(a, e, accuracy: accuracy, "\(actual) vs \(expected)", file: file, line: line)
        }
    }
}
