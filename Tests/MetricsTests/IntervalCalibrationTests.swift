import Foundation
import XCTest
@testable import Metrics

/// The verdict interval has the coverage it states, on simulated experiments with a known AUC difference
/// (`IntervalCalibration`: per-frame scores → per-video pair counts → the interval), and equal rows rarely get a
/// verdict.
///
/// The full calibration (3 variance structures × 3 and 10 seeds × 8 and 32 videos, 1,000 experiments each, about
/// 5 minutes in release mode on 2 busy cores; `make calibrate CALIBRATE_EXPERIMENTS=4000` for more) runs only with
/// `F2LM_CALIBRATE=1` (`make calibrate`) and prints the table
/// docs/statistics.md shows; `make test` runs the smaller checks below.
final class IntervalCalibrationTests: XCTestCase {
    private var fullCalibration: Bool { ProcessInfo.processInfo.environment["F2LM_CALIBRATE"] == "1" }

    /// The smallest design (3 seeds × 8 videos), where undercoverage is likeliest: 300 experiments per variance
    /// structure, the interval must cover at least 92% (3 binomial standard errors below 95%).
    func testThreeSeedsAndEightVideosCoverAtLeastNominal() {
        for noise in [IntervalCalibration.Noise.seedDominated, .videoDominated, .interactionDominated] {
            let design = IntervalCalibration(separations: [1.6, 1.45], noise: noise, seeds: 3, videos: 8)
            let result = design.coverage(experiments: 300, firstSeed: 90_000)
            XCTAssertGreaterThanOrEqual(result.coverage, 0.92, noise.name)
        }
    }

    /// No seed or video effect at all (independent normal cells, 10 seeds × 8 videos, 2,000 tables): the 95% interval
    /// of the mean covers 0 93–97% of the time. The former rule (pool a factor into the residual when its F is at most
    /// the median of its null F) covered 98.5% here (this test with it): it keeps a factor only when its mean square
    /// came out large.
    func testNoSeedOrVideoEffectCoversNominal() {
        var random = NormalGenerator(seed: 29)
        let tables = 2000
        var covered = 0
        for _ in 0..<tables {
            let values = (0..<10).map { _ in (0..<8).map { _ in random.normal() } }
            let c = CrossedVarianceComponents(values: values)
            let half = AUCDifference.criticalValue(level: 0.95, degreesOfFreedom: c.degreesOfFreedom) * c.standardError
            if abs(c.mean) <= half { covered += 1 }
        }
        let coverage = Double(covered) / Double(tables)
        print(String(format: "no seed or video effect, 10 seeds × 8 videos: coverage %.1f%% over %d tables", coverage * 100, tables))
        XCTAssertGreaterThanOrEqual(coverage, 0.93)
        XCTAssertLessThanOrEqual(coverage, 0.97)
    }

    /// Six equal rows, 3 seeds × 8 videos: "row 0 is best" and "row 0 > row 1" are falsely supported or contradicted
    /// in at most 5% of 400 experiments each.
    func testEqualRowsRarelyGetAVerdict() {
        for noise in [IntervalCalibration.Noise.seedDominated, .interactionDominated] {
            let design = IntervalCalibration(separations: [Double](repeating: 1.5, count: 6), noise: noise, seeds: 3,
                                             videos: 8)
            for claim in [Claim.best("0"), .order(["0", "1"])] {
                let rates = design.verdictRates(claim, experiments: 400, firstSeed: 50_000)
                XCTAssertLessThanOrEqual(rates[.supports, default: 0], 0.05, "\(noise.name): \(claim)")
                XCTAssertLessThanOrEqual(rates[.contradicts, default: 0], 0.05, "\(noise.name): \(claim)")
            }
        }
    }

    /// `make calibrate`: coverage within 93–97% for every setting, false verdicts ≤ 5%, and the printed tables.
    func testFullCalibration() throws {
        try XCTSkipUnless(fullCalibration, "set F2LM_CALIBRATE=1 (make calibrate) for the full calibration")
        // F2LM_CALIBRATE_EXPERIMENTS=N for more precise figures (the binomial standard error of a 95% coverage is
        // 0.7 points at 1,000 experiments, 0.34 at 4,000).
        let experiments = ProcessInfo.processInfo.environment["F2LM_CALIBRATE_EXPERIMENTS"].flatMap(Int.init).map { max($0, 1000) } ?? 1000
        var lines = ["| variance | seeds | videos | true Δ | coverage | mean half-width | SD of Δ̂ | mean SE | zero width |",
                     "|:--|--:|--:|--:|--:|--:|--:|--:|--:|"]
        for noise in [IntervalCalibration.Noise.seedDominated, .videoDominated, .interactionDominated] {
            for seeds in [3, 10] {
                for videos in [8, 32] {
                    let design = IntervalCalibration(separations: [1.6, 1.45], noise: noise, seeds: seeds, videos: videos)
                    let result = design.coverage(experiments: experiments)
                    lines.append(String(format: "| %@ | %d | %d | %.2f | %.1f%% | %.2f | %.2f | %.2f | %.1f%% |",
                                        noise.name, seeds, videos, design.trueDifference(0, 1) * 100,
                                        result.coverage * 100, result.meanHalfWidth * 100,
                                        result.estimateSpread * 100, result.meanStandardError * 100,
                                        result.zeroWidth * 100))
                    XCTAssertGreaterThanOrEqual(result.coverage, 0.93, "\(noise.name), \(seeds) seeds, \(videos) videos")
                    XCTAssertLessThanOrEqual(result.coverage, 0.97, "\(noise.name), \(seeds) seeds, \(videos) videos")
                }
            }
        }
        var verdictLines = ["| variance | rows | claim | seeds | videos | false supports | false contradicts |",
                            "|:--|--:|:--|--:|--:|--:|--:|"]
        for noise in [IntervalCalibration.Noise.seedDominated, .videoDominated, .interactionDominated] {
            for (rows, claim) in [(2, Claim.order(["0", "1"])), (6, Claim.best("0"))] {
                for seeds in [3, 10] {
                    let design = IntervalCalibration(separations: [Double](repeating: 1.5, count: rows), noise: noise,
                                                     seeds: seeds, videos: 8)
                    let rates = design.verdictRates(claim, experiments: experiments, firstSeed: 7_000_000)
                    verdictLines.append(String(format: "| %@ | %d | %@ | %d | 8 | %.1f%% | %.1f%% |", noise.name, rows,
                                               claim.description, seeds, rates[.supports, default: 0] * 100,
                                               rates[.contradicts, default: 0] * 100))
                    XCTAssertLessThanOrEqual(rates[.supports, default: 0], 0.05)
                    XCTAssertLessThanOrEqual(rates[.contradicts, default: 0], 0.05)
                }
            }
        }
        print("Coverage of the 95% interval (\(experiments) simulated experiments per line; AUC points):\n"
              + lines.joined(separator: "\n") + "\n\nVerdicts on equal rows (\(experiments) simulated experiments per line):\n"
              + verdictLines.joined(separator: "\n"))
    }
}
