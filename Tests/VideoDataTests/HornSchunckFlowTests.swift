import Foundation
import XCTest
@testable import VideoData

final class HornSchunckFlowTests: XCTestCase {
    /// A smooth pattern shifted by a known sub-pixel amount is recovered.
    func testRecoversAGlobalShift() {
        func pattern(_ dx: Double, _ dy: Double) -> RasterImage {
            var p = [UInt8]()
            for y in 0..<48 { for x in 0..<48 {
                let fx = Double(x) - dx, fy = Double(y) - dy
                p.append(UInt8(128 + 60 * sin(fx / 4.0) * cos(fy / 5.0) + 30 * sin((fx + fy) / 7.0)))
            } }
            return RasterImage(width: 48, height: 48, channels: 1, pixels: p)
        }
        let flow = HornSchunckFlow().flow(from: pattern(0, 0), to: pattern(1.5, -0.75))
        var u = 0.0, v = 0.0, n = 0.0
        for y in 8..<40 { for x in 8..<40 { u += Double(flow.uv[2 * (y * 48 + x)]); v += Double(flow.uv[2 * (y * 48 + x) + 1]); n += 1 } }
        XCTAssertEqual(u / n, 1.5, accuracy: 0.15)
        XCTAssertEqual(v / n, -0.75, accuracy: 0.15)
    }

    /// Against the renderer's exact flow on synthetic frames: the end-point error over moving pixels (and over
    /// all pixels) is reported and must beat the zero-flow estimate by a wide margin.
    func testEndPointErrorAgainstRendererFlow() {
        let scale = SyntheticScale(trainVideos: 1, testVideos: 1, minFrames: 40, maxFrames: 40, frameSize: 64)
        var epeMoving = 0.0, zeroMoving = 0.0, epeAll = 0.0, count = 0.0
        for family in SyntheticFamily.allCases {
            let video = SyntheticVideo(family: family, split: .testing, index: 0, scale: scale, seed: 4)
            for t in [10, 20, 30] {
                let a = video.frame(t), b = video.frame(t + 1)
                let estimate = HornSchunckFlow().flow(from: a.image, to: b.image)
                let moving = (0..<(64 * 64)).map { abs(a.flow.uv[2 * $0]) + abs(a.flow.uv[2 * $0 + 1]) > 0.05 }
                epeMoving += estimate.endPointError(to: a.flow, include: moving)
                zeroMoving += FlowField(width: 64, height: 64).endPointError(to: a.flow, include: moving)
                epeAll += estimate.endPointError(to: a.flow)
                count += 1
            }
        }
        print(String(format: "Horn-Schunck EPE at 64x64: moving pixels %.3f px (zero flow %.3f px), all pixels %.3f px",
                     epeMoving / count, zeroMoving / count, epeAll / count))
        XCTAssertLessThan(epeMoving, 0.7 * zeroMoving)
        XCTAssertLessThan(epeAll / count, 0.2)
    }

    func testFloFileRoundTripAndBadInput() throws {
        let dir = try TemporaryFolder()
        let field = FlowField(width: 3, height: 2, uv: [0.5, -1, 2, 3.25, 0, 0, -7, 1e-3, 4, 4, 1, 2])
        try field.write(to: dir.path + "/a.flo")
        XCTAssertEqual(try FlowField.read(dir.path + "/a.flo"), field)
        let data = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/a.flo"))
        try data.prefix(30).write(to: URL(fileURLWithPath: dir.path + "/cut.flo"))
        XCTAssertThrowsError(try FlowField.read(dir.path + "/cut.flo")) { XCTAssertTrue("\($0)".contains("cut.flo")) }
        let resized = field.resized(width: 6, height: 4)
        XCTAssertEqual(resized.uv[0], 1.0, accuracy: 1e-6)  // u doubles with the width
    }
}
