import Foundation
import XCTest
@testable import Metrics

/// The pieces of the verdict interval: Student's t with real degrees of freedom, the crossed seed × video analysis,
/// per-video contributions and the design search (reference values from scipy.stats / NumPy).
final class VarianceComponentsTests: XCTestCase {
    func testStudentQuantilesAndCDFMatchScipy() {
        XCTAssertEqual(StudentT.quantile(0.975, degreesOfFreedom: 1), 12.70620474, accuracy: 1e-6)
        XCTAssertEqual(StudentT.quantile(0.975, degreesOfFreedom: 2), 4.30265273, accuracy: 1e-6)
        XCTAssertEqual(StudentT.quantile(0.975, degreesOfFreedom: 2.5), 3.57465484, accuracy: 1e-6)
        XCTAssertEqual(StudentT.quantile(0.975, degreesOfFreedom: 7), 2.36462425, accuracy: 1e-6)
        XCTAssertEqual(StudentT.quantile(0.8, degreesOfFreedom: 2), 1.06066017, accuracy: 1e-6)
        XCTAssertEqual(StudentT.quantile(0.025, degreesOfFreedom: 30), -2.04227246, accuracy: 1e-6)
        XCTAssertEqual(StudentT.cdf(1.3, degreesOfFreedom: 3.7), 0.8656666379, accuracy: 1e-8)
        XCTAssertEqual(ChiSquared.quantile(0.975, degreesOfFreedom: 1), 5.0238861873, accuracy: 1e-8)
        XCTAssertEqual(ChiSquared.quantile(1e-6, degreesOfFreedom: 2), 2.000001e-6, accuracy: 1e-13)
        XCTAssertEqual(ChiSquared.quantile(0.5, degreesOfFreedom: 14), 13.3392741491, accuracy: 1e-8)
        XCTAssertEqual(ChiSquared.quantile(0.01, degreesOfFreedom: 279), 227.0035608836, accuracy: 1e-7)
    }

    func testTwoWayAnalysisMatchesTheHandComputation() {
        // 3 seeds × 4 videos with clear seed and video effects (F = 199.5 and 43.4: both kept).
        let values = [[1.0, 2, 3, 1.5], [4, 5, 6.5, 5], [2, 2.5, 4, 3]]
        let c = CrossedVarianceComponents(values: values)
        XCTAssertEqual(c.mean, 3.2916666667, accuracy: 1e-9)
        // The generalized pivot of MS_S + MS_V − MS_E (SS = 22.1667, 7.2292, 0.3333 on 2, 3, 6 df): its 95% and 99%
        // half-widths from 8 million Monte Carlo draws in NumPy (4.3904 and 9.6999, ± about 0.3%).
        let pivot = MeanSquarePivot(terms: [.init(sumOfSquares: 22.1666666667, degreesOfFreedom: 2, coefficient: 1),
                                            .init(sumOfSquares: 7.2291666667, degreesOfFreedom: 3, coefficient: 1),
                                            .init(sumOfSquares: 0.3333333333, degreesOfFreedom: 6, coefficient: -1)],
                                    divisor: 12)
        XCTAssertEqual(pivot.halfWidth(level: 0.95), 4.3904, accuracy: 4.3904 * 0.005)
        XCTAssertEqual(pivot.halfWidth(level: 0.99), 9.6999, accuracy: 9.6999 * 0.01)
        XCTAssertEqual(pivot.coverage(pivot.halfWidth(level: 0.95)), 0.95, accuracy: 1e-9)
        // The components' interval is the pivot's at 95% (a t matched to its 95% and 99% quantiles).
        let t95 = AUCDifference.criticalValue(level: 0.95, degreesOfFreedom: c.degreesOfFreedom) * c.standardError
        XCTAssertEqual(t95, pivot.halfWidth(level: 0.95), accuracy: 1e-6)
        let t99 = AUCDifference.criticalValue(level: 0.99, degreesOfFreedom: c.degreesOfFreedom) * c.standardError
        XCTAssertEqual(t99, pivot.halfWidth(level: 0.99), accuracy: 1e-3 * t99)
        XCTAssertEqual(c.seedVariance, 2.7569444444, accuracy: 1e-9)
        XCTAssertEqual(c.videoVariance, 0.7847222222, accuracy: 1e-9)
        XCTAssertEqual(c.interactionVariance, 0.0555555556, accuracy: 1e-9)
        // A pure residual with no seed or video variation: estimated components 0, the residual's MS.
        let flat = CrossedVarianceComponents(values: [[1, -1], [-1, 1]])
        XCTAssertEqual(flat.seedVariance, 0)
        XCTAssertEqual(flat.videoVariance, 0)
        XCTAssertEqual(flat.interactionVariance, 4, accuracy: 1e-12)
        // One seed: the interval covers test videos only, MS_V / V with V − 1 degrees of freedom.
        let one = CrossedVarianceComponents(values: [[1, 2, 3, 6]])
        XCTAssertEqual(one.varianceOfMean, (14.0 / 3) / 4, accuracy: 1e-12)
        XCTAssertEqual(one.degreesOfFreedom, 3)
    }

    func testContributionsAverageToTheAUCAndTrackVideoInfluence() throws {
        let scores = [0.9, 0.8, 0.1, 0.2, 0.7, 0.3, 0.4, 0.6, 0.05, 0.5]
        let labels = [true, true, false, false, true, false, false, true, false, false]
        let videos = ["a", "a", "a", "b", "b", "b", "c", "c", "c", "c"]
        let pairs = try VideoPairCounts(scores: scores, labels: labels, videos: videos)
        let contributions = pairs.videoContributions
        XCTAssertEqual(contributions.reduce(0, +) / 3, pairs.auc, accuracy: 1e-12)
        // Leaving a video out moves the AUC the way its contribution says (first-order agreement in sign).
        for (index, video) in pairs.videos.enumerated() {
            var m = [1, 1, 1]
            m[index] = 0
            guard let without = pairs.auc(multiplicities: m) else { continue }
            XCTAssertEqual((contributions[index] - pairs.auc).sign, (pairs.auc - without).sign, video)
        }
    }

    func testRequiredDesignGrowsWithSmallerDifferences() {
        let c = CrossedVarianceComponents(values: [[0.01, 0.03, 0.02, 0.0], [0.04, 0.05, 0.02, 0.03],
                                                   [0.0, 0.02, 0.01, -0.01]])
        let big = try! XCTUnwrap(RequiredDesign(resolving: 0.05, components: c))
        let small = try! XCTUnwrap(RequiredDesign(resolving: 0.02, components: c))
        XCTAssertLessThanOrEqual(big.seeds, small.seeds)
        // The found design resolves it; one seed fewer at the same videos does not.
        func mdd(_ n: Int, _ v: Int) -> Double {
            let p = c.projected(seeds: n, videos: v)
            return AUCDifference.minimumDetectable(standardError: p.standardError, degreesOfFreedom: p.degreesOfFreedom,
                                                   level: 0.95)
        }
        XCTAssertLessThanOrEqual(mdd(small.seeds, small.videos), 0.02)
        if small.seeds > 2 && small.videos == 4 { XCTAssertGreaterThan(mdd(small.seeds - 1, small.videos), 0.02) }
        XCTAssertNil(RequiredDesign(resolving: 0.0001, components: c))
        XCTAssertEqual(RequiredDesign.text(nil), "out of reach (> 30 seeds × 256 videos)")
    }
}

extension VarianceComponentsTests {
    /// Identical rows: a zero variance with finite degrees of freedom, so table.json can be written.
    func testZeroVarianceHasFiniteDegreesOfFreedom() throws {
        let c = CrossedVarianceComponents(values: [[0, 0, 0], [0, 0, 0]])
        XCTAssertEqual(c.varianceOfMean, 0)
        XCTAssertTrue(c.degreesOfFreedom.isFinite)
        XCTAssertNoThrow(try JSONEncoder().encode(c))
    }
}

extension VarianceComponentsTests {
    /// With many seeds and videos the pivot is nearly normal: its standard error approaches the unbiased
    /// `√((MS_S + MS_V − MS_E)/(nV))` and its degrees of freedom grow (30 seeds × 256 videos, every component present).
    func testLargeDesignApproachesTheUnbiasedStandardError() {
        var random = NormalGenerator(seed: 7)
        let seedEffects = (0..<30).map { _ in 0.5 * random.normal() }
        let videoEffects = (0..<256).map { _ in 0.8 * random.normal() }
        let values = seedEffects.map { a in videoEffects.map { b in a + b + random.normal() } }
        let c = CrossedVarianceComponents(values: values)
        let msError = c.interactionVariance
        let unbiased = (c.seedVariance / 30 + c.videoVariance / 256 + msError / (30 * 256)).squareRoot()
        XCTAssertEqual(c.standardError, unbiased, accuracy: 0.05 * unbiased)
        XCTAssertGreaterThan(c.degreesOfFreedom, 20)
    }
}
