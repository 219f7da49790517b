import Foundation
import XCTest
@testable import VideoData

/// `ClipSampler.targets` and `ClipSampler.inputsDigest`, what the Destroyer and scores stages use to find a batch's
/// generator outputs in the memo without assembling its inputs, and `PixelMaskMemo`.
final class ClipInputsDigestTests: XCTestCase {
    let configuration = ClipConfiguration(history: 4, width: 16, height: 16, channels: 3, classCount: 21, flowScale: 0.5,
                                          labelInput: .scores)

    override func tearDown() {
        PreparedVideoMemo.isEnabled = false
        PreparedVideoMemo.removeAll()
        PixelMaskMemo.shared.removeAll()
        folder = nil
    }

    /// The dataset's folder, removed with the test case.
    var folder: TemporaryFolder?

    func writeDataset() throws -> VideoDataset {
        let dir = try TemporaryFolder()
        folder = dir
        try SyntheticDatasetWriter(family: .walkway, scale: .smoke, seed: 3).write(to: dir.path)
        return try VideoDataset.load(dir.path)
    }

    /// The targets are the batch's, bit for bit, with its video and frame indices and frame labels.
    func testTargetsAreThoseOfTheBatch() throws {
        let dataset = try writeDataset()
        let sampler = try ClipSampler(dataset: dataset, split: .testing, configuration: configuration)
        let windows = [ClipWindow(video: 1, target: 9), ClipWindow(video: 0, target: 4), ClipWindow(video: 1, target: 5)]
        let batch = sampler.batch(windows), targets = sampler.targets(windows)
        XCTAssertEqual(targets.count, 3)
        XCTAssertEqual(targets.targetShape, batch.targetShape)
        XCTAssertEqual(targets.target.map(\.bitPattern), batch.target.map(\.bitPattern))
        XCTAssertEqual(targets.videoIndices, batch.videoIndices)
        XCTAssertEqual(targets.targetFrameIndices, batch.targetFrameIndices)
        XCTAssertEqual(targets.targetLabels, batch.targetLabels)
        XCTAssertEqual(targets.targetLabels.count, 3, "test videos have frame labels")
    }

    /// Samplers prepared separately from the same files give the same digest for the same windows (and so share
    /// memo entries across nodes); another window, another window order, another configuration or a rewritten frame
    /// give another.
    func testTheDigestFollowsTheBatchInputsContent() throws {
        let dataset = try writeDataset()
        let first = try ClipSampler(dataset: dataset, split: .training, configuration: configuration)
        let second = try ClipSampler(dataset: dataset, split: .training, configuration: configuration)
        let windows = [ClipWindow(video: 0, target: 6), ClipWindow(video: 1, target: 4)]
        XCTAssertEqual(first.inputsDigest(windows), second.inputsDigest(windows))
        XCTAssertNotEqual(first.inputsDigest(windows), first.inputsDigest([windows[0], ClipWindow(video: 1, target: 5)]))
        XCTAssertNotEqual(first.inputsDigest(windows), first.inputsDigest(windows.reversed()))
        XCTAssertNotEqual(first.inputsDigest(windows), first.inputsDigest([windows[0]]))
        var other = configuration
        other.flowScale = 0.25
        let rescaled = try ClipSampler(dataset: dataset, split: .training, configuration: other)
        XCTAssertNotEqual(first.inputsDigest(windows), rescaled.inputsDigest(windows))
        // Frame 3 of video 0 (an input of the first window) replaced by frame 2: other content, other digest.
        let record = dataset.training[0]
        let replacement = try Data(contentsOf: URL(fileURLWithPath: record.framePaths[2]))
        try replacement.write(to: URL(fileURLWithPath: record.framePaths[3]))
        let rewritten = try ClipSampler(dataset: dataset, split: .training, configuration: configuration)
        XCTAssertNotEqual(first.batch(windows).frames, rewritten.batch(windows).frames)
        XCTAssertNotEqual(first.inputsDigest(windows), rewritten.inputsDigest(windows))
        XCTAssertEqual(first.inputsDigest([windows[1]]), rewritten.inputsDigest([windows[1]]), "video 1 is unchanged")
    }

    /// With the memo on, a pixel mask is decoded once per process and read again when its file changes; the values
    /// are the loader's.
    func testPixelMasksAreKeptUntilTheirFileChanges() throws {
        let dataset = try writeDataset()
        PreparedVideoMemo.isEnabled = false
        let record = try XCTUnwrap(dataset.testing.first { $0.pixelMaskPaths != nil })
        let paths = try XCTUnwrap(record.pixelMaskPaths)
        let masks = try paths.indices.map { try XCTUnwrap(VideoLoader.pixelMask(of: record, frame: $0, width: 16, height: 16)) }
        let masked = try XCTUnwrap(masks.firstIndex { $0.contains(1) }, "a frame with an anomaly")
        let empty = try XCTUnwrap(masks.firstIndex { !$0.contains(1) }, "a frame without")
        let direct = masks[masked]
        PreparedVideoMemo.isEnabled = true
        XCTAssertEqual(try VideoLoader.pixelMask(of: record, frame: masked, width: 16, height: 16), direct)
        XCTAssertEqual(try VideoLoader.pixelMask(of: record, frame: masked, width: 16, height: 16), direct)
        XCTAssertEqual(PixelMaskMemo.shared.statistics.hits, 1)
        XCTAssertEqual(PixelMaskMemo.shared.statistics.misses, 1)
        let replacement = try Data(contentsOf: URL(fileURLWithPath: paths[empty]))
        try FileManager.default.removeItem(atPath: paths[masked])
        try replacement.write(to: URL(fileURLWithPath: paths[masked]))
        XCTAssertEqual(try VideoLoader.pixelMask(of: record, frame: masked, width: 16, height: 16),
                       try VideoLoader.pixelMask(of: record, frame: empty, width: 16, height: 16))
        XCTAssertEqual(PixelMaskMemo.shared.statistics.misses, 3, "the rewritten file and the other frame")
    }
}
