import Foundation
import XCTest
@testable import VideoData

final class SyntheticDataTests: XCTestCase {
    func testGenerationIsDeterministicAndSeedDependent() {
        for family in SyntheticFamily.allCases {
            let a = SyntheticVideo(family: family, split: .testing, index: 1, scale: .smoke, seed: 7)
            let b = SyntheticVideo(family: family, split: .testing, index: 1, scale: .smoke, seed: 7)
            let c = SyntheticVideo(family: family, split: .testing, index: 1, scale: .smoke, seed: 8)
            XCTAssertEqual(a.frameCount, b.frameCount)
            XCTAssertEqual(a.frame(5).image, b.frame(5).image)
            XCTAssertEqual(a.frame(5).flow, b.frame(5).flow)
            XCTAssertNotEqual(a.frame(5).image, c.frame(5).image)
            XCTAssertEqual(a.frame(0).image.channels, family.channels)
            XCTAssertTrue((24...30).contains(a.frameCount))
        }
    }

    /// The exact flow moves each object pixel onto the same object in the next frame: sampling the next frame's
    /// class map at p + flow(p) gives the class at p for nearly all foreground pixels, far more often than p itself.
    func testRendererFlowIsConsistentWithTheNextFrame() {
        let scale = SyntheticScale(trainVideos: 1, testVideos: 1, minFrames: 40, maxFrames: 40, frameSize: 128)
        let video = SyntheticVideo(family: .walkway, split: .testing, index: 0, scale: scale, seed: 3)
        var warpedAgree = 0, stillAgree = 0, total = 0
        for t in stride(from: 5, to: 35, by: 5) {
            let a = video.frame(t), b = video.frame(t + 1)
            for y in 0..<128 { for x in 0..<128 where a.labels[y * 128 + x] != 0 {
                let u = a.flow.uv[2 * (y * 128 + x)], v = a.flow.uv[2 * (y * 128 + x) + 1]
                if abs(u) < 0.3 && abs(v) < 0.3 { continue }
                let nx = Int((Float(x) + u).rounded()), ny = Int((Float(y) + v).rounded())
                guard nx >= 0, nx < 128, ny >= 0, ny < 128 else { continue }
                total += 1
                if b.labels[ny * 128 + nx] == a.labels[y * 128 + x] { warpedAgree += 1 }
                if b.labels[y * 128 + x] == a.labels[y * 128 + x] { stillAgree += 1 }
            } }
        }
        XCTAssertGreaterThan(total, 200)
        XCTAssertGreaterThan(Double(warpedAgree) / Double(total), 0.9)
        XCTAssertGreaterThan(warpedAgree, stillAgree)
    }

    func testTestVideosHaveNormalAndAnomalousStretchesTrainingOnlyNormal() {
        let scale = SyntheticScale(trainVideos: 2, testVideos: 3, minFrames: 60, maxFrames: 80, frameSize: 32)
        for family in SyntheticFamily.allCases {
            let writer = SyntheticDatasetWriter(family: family, scale: scale, seed: 1)
            for video in writer.videos(.training) {
                for t in stride(from: 0, to: video.frameCount, by: 7) {
                    let f = video.frame(t)
                    XCTAssertFalse(f.isAnomalous)
                    XCTAssertEqual(f.anomalyMask.max(), 0)
                }
            }
            var labels: [Bool] = []
            for video in writer.videos(.testing) { labels += (0..<video.frameCount).map { video.frame($0).isAnomalous } }
            XCTAssertTrue(labels.contains(true), "\(family)")
            XCTAssertTrue(labels.contains(false), "\(family)")
        }
    }

    /// A smoke-scale family written to disk reads back exactly through the dataset loader.
    func testWrittenDatasetReadsBackExactly() throws {
        let dir = try TemporaryFolder()
        let root = dir.path + "/plaza"
        let writer = SyntheticDatasetWriter(family: .plaza, scale: .smoke, seed: 5)
        try writer.write(to: root)
        let dataset = try VideoDataset.load(root)
        XCTAssertEqual(dataset.info?.family, "plaza")
        XCTAssertEqual(dataset.info?.seed, 5)
        XCTAssertEqual(dataset.classNames, SyntheticFamily.classNames)
        XCTAssertEqual(dataset.training.count, SyntheticScale.smoke.trainVideos)
        XCTAssertEqual(dataset.testing.count, SyntheticScale.smoke.testVideos)
        let video = writer.videos(.testing)[1]
        let record = dataset.testing[1]
        XCTAssertEqual(record.frameCount, video.frameCount)
        XCTAssertEqual(record.frameLabels, (0..<video.frameCount).map { video.frame($0).isAnomalous ? 1 : 0 })
        let frames = try VideoLoader.frames(of: record)
        let labels = try VideoLoader.labelMaps(of: record, frames: frames)
        let flows = try VideoLoader.flows(of: record, frames: frames)
        for t in [0, 9, video.frameCount - 1] {
            let f = video.frame(t)
            XCTAssertEqual(frames[t], f.image)
            XCTAssertEqual(labels[t], f.labels)
            XCTAssertEqual(flows[t], f.flow)
            XCTAssertEqual(try ImageCodec.read(record.pixelMaskPaths![t]).pixels, f.anomalyMask.map { $0 * 255 })
        }
        // Rewriting with fewer videos replaces the old dataset instead of leaving stale videos behind.
        let smaller = SyntheticScale(trainVideos: 1, testVideos: 1, minFrames: 10, maxFrames: 12, frameSize: 16)
        try SyntheticDatasetWriter(family: .plaza, scale: smaller, seed: 5).write(to: root)
        let rewritten = try VideoDataset.load(root)
        XCTAssertEqual(rewritten.training.count, 1)
        XCTAssertEqual(rewritten.testing.count, 1)
        // A non-empty folder that is not a synthetic dataset is refused.
        let other = dir.path + "/other"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        try Data([1]).write(to: URL(fileURLWithPath: other + "/notes.txt"))
        XCTAssertThrowsError(try SyntheticDatasetWriter(family: .plaza, scale: smaller, seed: 5).write(to: other)) {
            XCTAssertTrue("\($0)".contains("other"))
        }
    }

    /// The trivial frame-difference baseline at the default scale: above chance, well below perfect, campus
    /// (the ShanghaiTech stand-in) harder than walkway (the Ped2 stand-in).
    func testDifficultyAtDefaultScale() {
        var auc: [SyntheticFamily: Double] = [:]
        for family in SyntheticFamily.allCases {
            let result = FrameDifferenceBaseline.evaluate(family: family, scale: .default, seed: 0)
            auc[family] = result.auc
            XCTAssertGreaterThan(result.auc, 0.55, "\(family)")
            XCTAssertLessThan(result.auc, 0.9, "\(family)")
            XCTAssertGreaterThan(result.anomalousFraction, 0.2)
            XCTAssertLessThan(result.anomalousFraction, 0.8)
        }
        XCTAssertLessThan(auc[.campus]!, auc[.walkway]!)
    }

    func testAreaUnderROCMatchesScikitLearn() {
        // sklearn.metrics.roc_auc_score([0,0,1,1,0,1,0,1], [0.1,0.4,0.35,0.8,0.4,0.9,0.2,0.4]) = 0.8125
        let auc = FrameDifferenceBaseline.areaUnderROC(scores: [0.1, 0.4, 0.35, 0.8, 0.4, 0.9, 0.2, 0.4], labels: [0, 0, 1, 1, 0, 1, 0, 1])
        XCTAssertEqual(auc!, 0.8125, accuracy: 1e-12)
        XCTAssertNil(FrameDifferenceBaseline.areaUnderROC(scores: [1, 2], labels: [0, 0]))
    }
}
