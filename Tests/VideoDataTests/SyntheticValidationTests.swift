import Foundation
import XCTest
@testable import VideoData

/// Validation videos: test-like, from their own seed stream (never the test videos), written to `validation/`.
final class SyntheticValidationTests: XCTestCase {
    static let scale = SyntheticScale(trainVideos: 1, testVideos: 2, minFrames: 24, maxFrames: 24, frameSize: 32,
                                      validationVideos: 2)

    func testValidationVideosAreTestLikeButNeverTheTestVideos() {
        for family in SyntheticFamily.allCases {
            let writer = SyntheticDatasetWriter(family: family, scale: Self.scale, seed: 2024)
            let validation = writer.validationVideos()
            let test = writer.videos(.testing)
            XCTAssertEqual(validation.count, 2)
            XCTAssertEqual(validation.map(\.name), test.map { "v" + $0.name })
            for (v, t) in zip(validation, test) {
                XCTAssertNotEqual(v.frame(10).image, t.frame(10).image, "\(family) \(v.name)")
            }
            // Anomalies are scheduled as in test videos: some validation frame is anomalous.
            XCTAssertTrue(validation.contains { video in (0..<video.frameCount).contains { video.frame($0).isAnomalous } },
                          "\(family)")
            // Deterministic.
            XCTAssertEqual(writer.validationVideos()[1].frame(5).image, validation[1].frame(5).image)
        }
    }

    func testWriterLaysValidationOutLikeTesting() throws {
        let out = NSTemporaryDirectory() + "f2lm-validation-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: out) }
        try SyntheticDatasetWriter(family: .walkway, scale: Self.scale, seed: 1).write(to: out)
        let manager = FileManager.default
        XCTAssertEqual(try manager.contentsOfDirectory(atPath: out + "/validation/frames").sorted(), ["v01", "v02"])
        XCTAssertTrue(manager.fileExists(atPath: out + "/validation/test_frame_mask/v01.npy"))
        XCTAssertTrue(manager.fileExists(atPath: out + "/validation/pixel_masks/v02/0000.png"))
        XCTAssertEqual(try manager.contentsOfDirectory(atPath: out + "/testing/frames").sorted(), ["01", "02"])
        // The training and test videos do not depend on whether validation videos are written.
        var without = Self.scale
        without.validationVideos = 0
        let plain = SyntheticDatasetWriter(family: .walkway, scale: without, seed: 1)
        XCTAssertEqual(plain.videos(.testing)[0].frame(3).image,
                       SyntheticDatasetWriter(family: .walkway, scale: Self.scale, seed: 1).videos(.testing)[0].frame(3).image)
        // Older dataset.json files without the key still decode.
        let old = #"{"trainVideos":1,"testVideos":2,"minFrames":24,"maxFrames":24,"frameSize":32}"#
        XCTAssertEqual(try JSONDecoder().decode(SyntheticScale.self, from: Data(old.utf8)).validationVideos, 0)
    }

    func testBaselineOnValidationVideosDiffersFromTest() {
        let test = FrameDifferenceBaseline.evaluate(family: .walkway, scale: Self.scale, seed: 2024)
        let validation = FrameDifferenceBaseline.evaluate(family: .walkway, scale: Self.scale, seed: 2024, validation: true)
        XCTAssertTrue(test.auc.isFinite && validation.auc.isFinite)
        XCTAssertNotEqual(test.auc, validation.auc)
    }
}
