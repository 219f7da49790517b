import DISFlow
import Foundation
import XCTest
@testable import VideoData

/// Horn–Schunck (the derived-flow default) against OpenCV's DIS on the synthetic families' exact flow: the
/// end-point error over every consecutive pair of the first two test videos of each family at the default scale
/// (64 × 64, the runs' data seed), over all pixels and over moving pixels (exact motion > 0.05 px).
///
/// Measured (780 pairs): moving pixels Horn–Schunck 0.2961 px, DIS fast 0.2942, DIS medium 0.3822, zero flow
/// 0.5163; all pixels 0.1594, 0.1123, 0.1144, zero flow 0.0282. DIS is not measurably closer where there is motion
/// (fast: 0.6 % lower; medium: 29 % higher); its lower all-pixel error comes from quieter static background, where
/// the zero field is better than either. So Horn–Schunck stays the default. This test keeps that basis: should
/// Horn–Schunck fall behind DIS on moving pixels by more than 2 %, it fails and the default must be reconsidered.
final class FlowEstimatorComparisonTests: XCTestCase {
    func testHornSchunckIsNotMeasurablyBehindDISWhereThereIsMotion() {
        var sums: [String: (all: Double, moving: Double)] = [:]
        var pairs = 0
        let estimators: [(String, (RasterImage, RasterImage) -> FlowField)] = [
            ("horn-schunck", { HornSchunckFlow().flow(from: $0, to: $1) }),
            ("dis-medium", { DISFlow(preset: 2).flow(from: $0, to: $1) }),
            ("dis-fast", { DISFlow(preset: 1).flow(from: $0, to: $1) }),
            ("zero", { a, _ in FlowField(width: a.width, height: a.height) }),
        ]
        for family in SyntheticFamily.allCases {
            for index in 0..<2 {
                let video = SyntheticVideo(family: family, split: .testing, index: index, scale: .default, seed: SyntheticDatasetWriter.runsSeed)
                var previous = video.frame(0)
                for t in 1..<video.frameCount {
                    let next = video.frame(t)
                    let moving = (0..<(previous.flow.width * previous.flow.height)).map {
                        abs(previous.flow.uv[2 * $0]) + abs(previous.flow.uv[2 * $0 + 1]) > 0.05
                    }
                    for (name, estimate) in estimators {
                        let flow = estimate(previous.image, next.image)
                        let all = flow.endPointError(to: previous.flow)
                        let onMoving = moving.contains(true) ? flow.endPointError(to: previous.flow, include: moving) : 0
                        sums[name, default: (0, 0)].all += all
                        sums[name, default: (0, 0)].moving += onMoving
                    }
                    pairs += 1
                    previous = next
                }
            }
        }
        for (name, _) in estimators {
            let s = sums[name]!
            print(String(format: "flow EPE %@ over %d pairs (3 families x 2 test videos, 64x64): all pixels %.4f px, moving pixels %.4f px",
                         name, pairs, s.all / Double(pairs), s.moving / Double(pairs)))
        }
        let best = min(sums["dis-medium"]!.moving, sums["dis-fast"]!.moving)
        XCTAssertLessThanOrEqual(sums["horn-schunck"]!.moving, 1.02 * best, "DIS is measurably closer on moving pixels")
        for name in ["horn-schunck", "dis-medium", "dis-fast"] {
            XCTAssertLessThan(sums[name]!.moving, 0.8 * sums["zero"]!.moving, "\(name) recovers the motion")
        }
    }
}
