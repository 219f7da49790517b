import XCTest
@testable import Metrics

/// The verdict interval has the coverage it states, on simulated experiments with a known AUC difference
/// (`IntervalCalibration`: per-frame scores → per-video pair counts → the interval), and equal rows rarely get a
/// verdict. Prints the calibration table (`make calibrate`).
final class IntervalCalibrationTests: XCTestCase {
    static let experiments = 1000

    func testCoverageOfTheNominal95PercentInterval() {
        var lines = ["| variance | seeds | videos | true Δ | coverage | mean half-width | SD of Δ̂ | mean SE |",
                     "|:--|--:|--:|--:|--:|--:|--:|--:|"]
        for noise in [IntervalCalibration.Noise.seedDominated, .videoDominated, .interactionDominated] {
            for seeds in [3, 10] {
                for videos in [8, 32] {
                    let design = IntervalCalibration(separations: [1.6, 1.45], noise: noise, seeds: seeds, videos: videos)
                    let result = design.coverage(experiments: Self.experiments)
                    lines.append(String(format: "| %@ | %d | %d | %.2f | %.1f%% | %.2f | %.2f | %.2f |", noise.name,
                                        seeds, videos, design.trueDifference(0, 1) * 100, result.coverage * 100,
                                        result.meanHalfWidth * 100, result.estimateSpread * 100,
                                        result.meanStandardError * 100))
                    XCTAssertGreaterThanOrEqual(result.coverage, 0.93, "\(noise.name), \(seeds) seeds, \(videos) videos")
                    XCTAssertLessThanOrEqual(result.coverage, 0.97, "\(noise.name), \(seeds) seeds, \(videos) videos")
                }
            }
        }
        print("Coverage of the 95% interval (\(Self.experiments) simulated experiments per line; AUC points):\n"
              + lines.joined(separator: "\n"))
    }
}
