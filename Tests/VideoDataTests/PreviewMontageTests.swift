import Foundation
import XCTest
@testable import VideoData

final class PreviewMontageTests: XCTestCase {
    /// The montage of two default-scale campus test videos encodes as PNG and decodes back to the same pixels.
    func testMontageRoundTripsThroughPNG() throws {
        let scale = SyntheticScale(trainVideos: 1, testVideos: 2, minFrames: 100, maxFrames: 200, frameSize: 64)
        let videos = SyntheticDatasetWriter(family: .campus, scale: scale, seed: 0).videos(.testing)
        let montage = PreviewMontage.make(videos: videos, columns: 6)
        XCTAssertEqual(montage.channels, 3)
        XCTAssertEqual(montage.width, 6 * 130)
        let data = try ImageCodec.encodePNG(montage)
        let back = try ImageCodec.decodePNG(data, path: "montage")
        XCTAssertEqual(back, montage)
    }
}
