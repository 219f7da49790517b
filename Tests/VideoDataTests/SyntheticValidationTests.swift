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

    func testValidationAloneIsWrittenAndLoadedAsTheTestSplit() throws {
        let out = NSTemporaryDirectory() + "f2lm-validation-only-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: out) }
        let writer = SyntheticDatasetWriter(family: .plaza, scale: Self.scale, seed: 5)
        try writer.writeValidation(to: out)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out).sorted(), ["dataset.json", "validation"])
        let dataset = try VideoDataset.loadValidation(out)
        XCTAssertTrue(dataset.training.isEmpty)
        XCTAssertEqual(dataset.testing.map(\.name), ["v01", "v02"])
        XCTAssertEqual(dataset.classNames, SyntheticFamily.classNames)
        for (record, video) in zip(dataset.testing, writer.validationVideos()) {
            XCTAssertEqual(record.frameLabels, (0..<video.frameCount).map { video.frame($0).isAnomalous ? 1 : 0 })
            XCTAssertEqual(record.pixelMaskPaths?.count, video.frameCount)
            XCTAssertEqual(try ImageCodec.read(record.framePaths[5]).pixels, video.frame(5).image.pixels)
        }
        // A dataset without validation videos says so, naming the folder.
        let full = NSTemporaryDirectory() + "f2lm-no-validation-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: full) }
        var without = Self.scale
        without.validationVideos = 0
        try SyntheticDatasetWriter(family: .plaza, scale: without, seed: 5).write(to: full)
        XCTAssertThrowsError(try VideoDataset.loadValidation(full)) {
            XCTAssertTrue("\($0)".contains(full + "/validation"), "\($0)")
            XCTAssertTrue("\($0)".contains("no validation videos"), "\($0)")
        }
    }

    func testBaselineOnValidationVideosDiffersFromTest() {
        let test = FrameDifferenceBaseline.evaluate(family: .walkway, scale: Self.scale, seed: 2024)
        let validation = FrameDifferenceBaseline.evaluate(family: .walkway, scale: Self.scale, seed: 2024, validation: true)
        XCTAssertTrue(test.auc.isFinite && validation.auc.isFinite)
        XCTAssertNotEqual(test.auc, validation.auc)
    }

    /// The grey score is the mean absolute change of Rec. 601 luma, and "scored like the runs" leaves out the first
    /// `history` frames of each video and min-max normalises each video before the one ROC: checked against a
    /// direct computation on two test videos of plaza (colour).
    func testBaselineScoredLikeTheRuns() {
        let a = RasterImage(width: 1, height: 1, channels: 3, pixels: [10, 20, 30])
        let b = RasterImage(width: 1, height: 1, channels: 3, pixels: [40, 20, 0])
        XCTAssertEqual(FrameDifferenceBaseline.greyScores([a, b])[1], abs(0.299 * 30 - 0.114 * 30), accuracy: 1e-9)
        let writer = SyntheticDatasetWriter(family: .plaza, scale: Self.scale, seed: 3)
        var scores: [Double] = [], labels: [UInt8] = []
        for video in writer.videos(.testing) {
            let frames = (0..<video.frameCount).map { video.frame($0) }
            let s = Array(FrameDifferenceBaseline.greyScores(frames.map(\.image))[4...])
            let (lo, hi) = (s.min()!, s.max()!)
            scores += s.map { ($0 - lo) / (hi - lo + 1e-8) }
            labels += frames[4...].map { $0.isAnomalous ? 1 : 0 }
        }
        let result = FrameDifferenceBaseline.evaluate(family: .plaza, scale: Self.scale, seed: 3, history: 4)
        XCTAssertEqual(result.likeRunsAUC, FrameDifferenceBaseline.areaUnderROC(scores: scores, labels: labels)!, accuracy: 1e-12)
        XCTAssertNotEqual(result.likeRunsAUC, result.auc)
    }
}
