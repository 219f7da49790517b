import Foundation
import XCTest
@testable import VideoData

/// Horn–Schunck (the derived default) against OpenCV's DIS on the synthetic families' exact flow: the end-point
/// error over every consecutive pair of the first two test videos of each family at the default scale (64 × 64),
/// over all pixels and over moving pixels. The default must be the estimator with the lower error over all pixels.
final class FlowEstimatorComparisonTests: XCTestCase {
    func testTheDefaultEstimatorIsTheOneCloserToTheExactFlow() {
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
        XCTAssertLessThanOrEqual(sums["horn-schunck"]!.all, sums["dis-medium"]!.all, "DIS would be the better default")
        XCTAssertLessThan(sums["horn-schunck"]!.all, sums["zero"]!.all)
    }
}
