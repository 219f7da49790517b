import Foundation
import XCTest
@testable import VideoData

final class ClipSamplerTests: XCTestCase {
    func makeSampler(_ dir: TemporaryFolder, split: DatasetSplit = .training, channels: Int = 3, size: Int = 16) throws -> (ClipSampler, VideoDataset) {
        let root = dir.path + "/campus"
        if !FileManager.default.fileExists(atPath: root) {
            try SyntheticDatasetWriter(family: .campus, scale: .smoke, seed: 2).write(to: root)
        }
        let dataset = try VideoDataset.load(root)
        let config = ClipConfiguration(history: 4, width: size, height: size, channels: channels,
                                       classCount: SyntheticFamily.classNames.count)
        return (try ClipSampler(dataset: dataset, split: split, configuration: config), dataset)
    }

    func testBatchShapesRangesAndContents() throws {
        let dir = try TemporaryFolder()
        let (sampler, dataset) = try makeSampler(dir)
        let window = ClipWindow(video: 1, target: 7)
        let batch = sampler.batch([ClipWindow(video: 0, target: 4), window])
        XCTAssertEqual(batch.framesShape, [2, 12, 16, 16])
        XCTAssertEqual(batch.targetShape, [2, 3, 16, 16])
        XCTAssertEqual(batch.labelsShape, [2, 24, 16, 16])
        XCTAssertEqual(batch.flowShape, [2, 6, 16, 16])
        XCTAssertEqual(batch.frames.count, 2 * 12 * 256)
        XCTAssertEqual(batch.labels.count, 2 * 24 * 256)
        XCTAssertEqual(batch.flow.count, 2 * 6 * 256)
        XCTAssertTrue(batch.frames.allSatisfy { $0 >= -1 && $0 <= 1 })
        // One-hot: each input frame's K channels sum to 1 at every pixel.
        for f in 0..<8 {
            for i in 0..<256 {
                let sum = (0..<6).reduce(Float(0)) { $0 + batch.labels[(f * 6 + $1) * 256 + i] }
                XCTAssertEqual(sum, 1)
            }
        }
        // The target of clip 1 is frame 7 of video 1, resized to 16×16, in [-1, 1]; its last input is frame 6.
        let native = try VideoLoader.frames(of: dataset.training[1])
        let expected = native[7].resized(width: 16, height: 16)
        for i in 0..<256 { for c in 0..<3 {
            XCTAssertEqual(batch.target[(3 + c) * 256 + i], Float(expected.pixels[3 * i + c]) / 127.5 - 1, accuracy: 1e-6)
        } }
        let sixth = native[6].resized(width: 16, height: 16)
        XCTAssertEqual(batch.frames[(12 + 9 + 0) * 256 + 5], Float(sixth.pixels[15]) / 127.5 - 1, accuracy: 1e-6)
        // Flow channels of clip 1: flow of frames 3→4, 4→5, 5→6, scaled from 32 px to 16 px.
        let flows = try VideoLoader.flows(of: dataset.training[1], frames: native)
        let f5 = flows[5].resized(width: 16, height: 16)
        for i in 0..<256 {
            XCTAssertEqual(batch.flow[(6 + 4) * 256 + i], f5.uv[2 * i], accuracy: 1e-5)
            XCTAssertEqual(batch.flow[(6 + 5) * 256 + i], f5.uv[2 * i + 1], accuracy: 1e-5)
        }
        XCTAssertEqual(batch.targetFrameIndices, [4, 7])
        XCTAssertEqual(batch.videoIndices, [0, 1])
        XCTAssertTrue(batch.targetLabels.isEmpty)
    }

    func testEpochShufflingIsSeededAndCoversAllWindows() throws {
        let dir = try TemporaryFolder()
        let (sampler, _) = try makeSampler(dir, channels: 1, size: 8)
        let a = sampler.epoch(0, batchSize: 4, seed: 11, dropLast: false)
        let b = sampler.epoch(0, batchSize: 4, seed: 11, dropLast: false)
        let c = sampler.epoch(1, batchSize: 4, seed: 11, dropLast: false)
        XCTAssertEqual(a.order, b.order)
        XCTAssertNotEqual(a.order, c.order)
        XCTAssertEqual(Set(a.order), Set(sampler.windows))
        XCTAssertEqual(a.order.count, sampler.windows.count)
        let batches = Array(a)
        XCTAssertEqual(batches.count, a.batchCount)
        XCTAssertEqual(batches.reduce(0) { $0 + $1.count }, sampler.windows.count)
        let dropped = Array(sampler.epoch(0, batchSize: 4, seed: 11))
        XCTAssertTrue(dropped.allSatisfy { $0.count == 4 })
        XCTAssertEqual(dropped.count, sampler.windows.count / 4)
    }

    func testSequentialTestBatchesCarryFrameIndicesAndLabels() throws {
        let dir = try TemporaryFolder()
        let (sampler, dataset) = try makeSampler(dir, split: .testing, size: 8)
        let batches = Array(sampler.sequentialBatches(ofVideo: 0, batchSize: 5))
        let indices = batches.flatMap(\.targetFrameIndices)
        XCTAssertEqual(indices, Array(4..<dataset.testing[0].frameCount))
        XCTAssertEqual(batches.flatMap(\.targetLabels), Array(dataset.testing[0].frameLabels![4...]))
    }

    func testBackgroundImageIsTheMedianOfFrames() throws {
        let dir = try TemporaryFolder()
        let (sampler, _) = try makeSampler(dir, size: 8)
        let background = sampler.backgroundImage(.median, scene: "01")
        XCTAssertEqual(background.count, 3 * 64)
        let frames = sampler.videos.filter { $0.scene == "01" }.flatMap(\.frames)
        var column = frames.map { $0[10] }
        column.sort()
        XCTAssertEqual(background[10], Float(column[column.count / 2]) / 127.5 - 1)
        XCTAssertEqual(sampler.scenes, ["01", "02"])
    }

    /// Real data without labels/ and flows/: they are computed in memory (background subtraction, Horn–Schunck)
    /// and never written beside the data (the dataset stage derives them into its own artifact, `DerivedInputs`).
    func testDerivedInputsAreComputedInMemoryAndNeverWritten() throws {
        let dir = try TemporaryFolder()
        let root = dir.path + "/campus"
        try SyntheticDatasetWriter(family: .campus, scale: .smoke, seed: 2).write(to: root)
        for split in ["training", "testing"] {
            try FileManager.default.removeItem(atPath: "\(root)/\(split)/labels")
            try FileManager.default.removeItem(atPath: "\(root)/\(split)/flows")
        }
        let before = try DerivedInputsTests.snapshot(root)
        let dataset = try VideoDataset.load(root)
        XCTAssertNil(dataset.training[0].flowPaths)
        let config = ClipConfiguration(history: 4, width: 16, height: 16, channels: 3, classCount: 2)
        let sampler = try ClipSampler(dataset: dataset, split: .training, configuration: config)
        XCTAssertEqual(sampler.videos[0].labels.count, dataset.training[0].frameCount)
        XCTAssertEqual(sampler.videos[0].flows.count, dataset.training[0].frameCount)
        XCTAssertEqual(try DerivedInputsTests.snapshot(root), before, "nothing written into the dataset folder")
        let again = try VideoDataset.load(root)
        XCTAssertNil(again.training[0].labelPaths)
        XCTAssertNil(again.training[0].flowPaths)
    }
}
