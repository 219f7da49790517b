import Foundation
import VideoData
import XCTest
@testable import Report

final class FrameMontageTests: XCTestCase {
    /// A 3-channel 8×6 image of constant value `v`.
    func image(_ v: Float, width: Int = 8, height: Int = 6, channels: Int = 3) -> ModelImage {
        ModelImage(channels: channels, height: height, width: width, values: [Float](repeating: v, count: channels * width * height))
    }

    func testModelImageMapsMinusOneToOneOntoBytes() {
        let raster = ModelImage(channels: 1, height: 1, width: 3, values: [-1, 0, 1]).raster()
        XCTAssertEqual(raster.channels, 3)
        XCTAssertEqual(raster.pixels, [0, 0, 0, 128, 128, 128, 255, 255, 255])
    }

    func testComposedSizeAndPNGRoundTrip() throws {
        var prediction = image(0)
        for c in 0..<3 { prediction.values[c * 48 + 2 * 8 + 5] = 1 }   // pixel (x 5, y 2) differs by half the range
        for c in 0..<3 { prediction.values[c * 48 + 4 * 8 + 6] = 0.125 } // pixel (x 6, y 4): 1/16 of the range
        var mask = FrameMontage.frameMask(isAnomalous: false, width: 8, height: 6)
        mask[3 * 8 + 1] = 255
        let montage = FrameMontage(lastInput: image(-0.5), realFuture: image(0), prediction: prediction,
                                   destroyerOutput: image(0.5), anomalyMask: mask)
        let scale = FrameMontage.scale(forHeight: 6)
        XCTAssertEqual(scale, 27)  // ≥ 160 px tall
        let composed = montage.composed(scale: 3)
        XCTAssertEqual(composed.width, 6 * 8 * 3 + 5 * FrameMontage.gap)
        XCTAssertEqual(composed.height, 6 * 3)

        let url = FileManager.default.temporaryDirectory.appendingPathComponent("montage-\(UUID().uuidString).png")
        defer { try? FileManager.default.removeItem(at: url) }
        try montage.writePNG(to: url, scale: 3)
        let decoded = try ImageCodec.read(url.path)
        XCTAssertEqual(decoded.width, composed.width)
        XCTAssertEqual(decoded.height, composed.height)
        XCTAssertEqual(decoded.pixels.count, composed.pixels.count)

        // The error map is on a fixed scale: brightest where the error reaches a quarter of the range, a quarter of
        // the way up the colour map at 1/16 of the range, black where prediction and frame agree.
        let error = montage.errorMap()
        let bright = (2 * 8 + 5) * 3, dim = (4 * 8 + 6) * 3
        XCTAssertEqual(Array(error.pixels[bright..<bright + 3]), [252, 255, 164])
        let quarter = FrameMontage.colorMap(0.25)
        XCTAssertEqual(Array(error.pixels[dim..<dim + 3]), [quarter.0, quarter.1, quarter.2])
        XCTAssertEqual(Array(error.pixels[0..<3]), [0, 0, 4])
        // The mask tile paints the anomalous pixel vermillion and darkens the rest.
        let tile = montage.maskTile()
        XCTAssertEqual(Array(tile.pixels[(3 * 8 + 1) * 3..<(3 * 8 + 1) * 3 + 3]), [213, 94, 0])
        XCTAssertEqual(tile.pixels[0], 51)  // 128 · 0.4
    }

    func testMissingDestroyerTileIsBlack() {
        let montage = FrameMontage(lastInput: image(0), realFuture: image(0), prediction: image(0), destroyerOutput: nil,
                                   anomalyMask: FrameMontage.frameMask(isAnomalous: true, width: 8, height: 6))
        let composed = montage.composed(scale: 1)
        let x = 3 * (8 + FrameMontage.gap)  // first pixel of the fourth tile
        XCTAssertEqual(Array(composed.pixels[x * 3..<x * 3 + 3]), [0, 0, 0])
    }
}
