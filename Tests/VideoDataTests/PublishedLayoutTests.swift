import Foundation
import TestSupport
import XCTest
@testable import VideoData

/// Datasets as their users have them (`DatasetLayout`): ShanghaiTech and Avenue as published (videos decoded by
/// FFmpeg into the dataset stage's folder), the F2LM authors' ShanghaiTech, and the one error of a folder in no
/// accepted layout. Fixtures are made in the test from a small synthetic dataset (`PublishedLayoutFixtures`).
final class PublishedLayoutTests: XCTestCase {
    /// The source dataset and a folder for the layouts.
    func fixture() throws -> (TemporaryFolder, VideoDataset) {
        let dir = try TemporaryFolder()
        return (dir, try PublishedLayoutFixtures.source(in: URL(fileURLWithPath: dir.path + "/source")))
    }

    /// Decodes into a derived-inputs folder at 32 × 32 (the frames' size) and returns the applied dataset.
    func decoded(_ dataset: VideoDataset, _ dir: TemporaryFolder) throws -> VideoDataset {
        let location = DerivedInputsLocation(folder: URL(fileURLWithPath: dir.path + "/derived"))
        try DerivedInputs.write(dataset: dataset, to: location, width: 32, height: 32)
        return try location.applied(to: dataset)
    }

    /// The frames of `record` as RGB, as the decoded frames of a lossless video of them must be.
    func rgbFrames(_ record: VideoRecord) throws -> [RasterImage] {
        try VideoLoader.frames(of: record).map { $0.converted(toChannels: 3) }
    }

    func testShanghaiTechAsPublishedDecodesItsTrainingVideosIntoTheDerivedFolder() throws {
        let (dir, source) = try fixture()
        let root = URL(fileURLWithPath: dir.path + "/shanghaitech")
        try PublishedLayoutFixtures.shanghaiTechOfficial(from: source, at: root)
        let before = try DerivedInputsTests.snapshot(root.path)
        XCTAssertEqual(try DatasetLayout.detect(root.path), .shanghaiTechOfficial)
        XCTAssertTrue(DerivedInputs.isNeeded(datasetFolder: root.path))
        let dataset = try VideoDataset.load(root.path)
        XCTAssertEqual(dataset.training.map(\.name), source.training.map(\.name))
        XCTAssertEqual(dataset.training.map(\.videoPath), source.training.map { root.path + "/training/videos/\($0.name).avi" })
        XCTAssertTrue(dataset.training.allSatisfy { $0.framePaths.isEmpty })
        XCTAssertEqual(dataset.testing.map(\.frameLabels), source.testing.map(\.frameLabels))
        XCTAssertEqual(dataset.groundTruthSource, root.path + "/testing/test_frame_mask")
        XCTAssertThrowsError(try VideoLoader.frames(of: dataset.training[0])) { error in
            XCTAssertTrue("\(error)".contains(dataset.training[0].videoPath!), "\(error)")
        }

        let applied = try decoded(dataset, dir)
        for (video, original) in zip(applied.training, source.training) {
            XCTAssertTrue(video.framePaths.allSatisfy { $0.hasPrefix(dir.path + "/derived/training/frames/\(video.name)/") })
            XCTAssertEqual(try VideoLoader.frames(of: video), try rgbFrames(original), "FFV1 is lossless: decoded = source")
            XCTAssertEqual(video.labelPaths?.count, original.frameCount)
        }
        XCTAssertEqual(try DerivedInputsTests.snapshot(root.path), before, "the dataset folder is only read")
    }

    func testAvenueAsPublishedReadsItsVideosAndPerVideoMasks() throws {
        let (dir, source) = try fixture()
        let root = URL(fileURLWithPath: dir.path + "/avenue")
        try PublishedLayoutFixtures.avenueOfficial(from: source, at: root)
        XCTAssertEqual(try DatasetLayout.detect(root.path), .avenueOfficial)
        let dataset = try VideoDataset.load(root.path)
        XCTAssertEqual(dataset.testing.map(\.name), ["01", "02", "03", "04"])
        XCTAssertTrue(dataset.testing.allSatisfy { $0.frameLabels == nil && $0.deferredGroundTruth != nil })
        let applied = try decoded(dataset, dir)
        XCTAssertEqual(applied.testing.map(\.frameLabels), source.testing.map(\.frameLabels))
        XCTAssertTrue(source.testing.contains { $0.frameLabels!.contains(1) }, "the fixture has anomalous frames")
        for (video, original) in zip(applied.testing + applied.training, source.testing + source.training) {
            XCTAssertEqual(try VideoLoader.frames(of: video), try rgbFrames(original))
        }
    }

    func testAvenueMaskWithAnotherFrameCountIsAnErrorNamingTheMaskFile() throws {
        let (dir, source) = try fixture()
        let root = URL(fileURLWithPath: dir.path + "/avenue")
        try PublishedLayoutFixtures.avenueOfficial(from: source, at: root)
        let mask = root.appendingPathComponent("testing_label_mask/2_label.mat")
        try MATFileWriter.write(["volLabel": .cell(dimensions: [1, 3], cells: Array(repeating: .uint8(dimensions: [2, 2], values: [0, 0, 0, 1]), count: 3))],
                                to: mask)
        XCTAssertEqual(try AvenueLabelMasks.frameLabels(mask.path), [1, 1, 1])
        let dataset = try VideoDataset.load(root.path)
        XCTAssertThrowsError(try decoded(dataset, dir)) { error in
            XCTAssertEqual((error as? VideoDataError)?.path, mask.path, "\(error)")
            XCTAssertTrue("\(error)".contains("has 3 labels but video 02 has 24 frames"), "\(error)")
        }
    }

    func testShanghaiTechInTheAuthorsLayout() throws {
        let (dir, source) = try fixture()
        let root = URL(fileURLWithPath: dir.path + "/shanghai")
        try PublishedLayoutFixtures.shanghaiTechAuthors(from: source, at: root)
        XCTAssertEqual(try DatasetLayout.detect(root.path), .shanghaiTechAuthors)
        let dataset = try VideoDataset.load(root.path)
        XCTAssertEqual(dataset.groundTruthSource, root.path + "/testframemask")
        XCTAssertEqual(dataset.training.map(\.frameCount), source.training.map(\.frameCount))
        XCTAssertEqual(dataset.testing.map(\.name), source.testing.map(\.name))
        XCTAssertEqual(dataset.testing.map(\.frameLabels), source.testing.map(\.frameLabels))
        XCTAssertTrue((dataset.training + dataset.testing).allSatisfy { $0.videoPath == nil && $0.labelPaths == nil })
        XCTAssertTrue(DerivedInputs.isNeeded(datasetFolder: root.path))
    }

    func testAFolderInNoLayoutGetsOneErrorNamingItAndTheAcceptedLayouts() throws {
        let dir = try TemporaryFolder()
        let root = dir.path + "/mystery"
        try FileManager.default.createDirectory(atPath: root + "/train_data/01", withIntermediateDirectories: true)
        XCTAssertThrowsError(try VideoDataset.load(root)) { error in
            let error = error as? VideoDataError
            XCTAssertEqual(error?.path, root)
            for layout in ["training/frames/<video>", "Train/Train001", "training/videos/<video>.avi", "testframemask/<video>.npy",
                           "testing_label_mask/<N>_label.mat"] {
                XCTAssertTrue(error?.reason.contains(layout) ?? false, "\(layout) in \(String(describing: error))")
            }
        }
    }

    func testATruncatedOrCorruptVideoIsAnErrorNamingTheFile() throws {
        let (dir, source) = try fixture()
        let video = URL(fileURLWithPath: dir.path + "/v/01_001.avi")
        try PublishedLayoutFixtures.encode(source.training[0], to: video)
        XCTAssertEqual(try VideoFileDecoder.frames(video.path).count, source.training[0].frameCount)
        let bytes = try Data(contentsOf: video)
        for (name, cut) in [("half.avi", bytes.prefix(bytes.count / 2)), ("header.avi", bytes.prefix(300)),
                            ("garbage.avi", Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }))] {
            let path = dir.path + "/v/" + name
            try Data(cut).write(to: URL(fileURLWithPath: path))
            XCTAssertThrowsError(try VideoFileDecoder.frames(path), name) { error in
                XCTAssertEqual((error as? VideoDataError)?.path, path, "\(error)")
            }
        }
        // In a dataset: the dataset stage's decoding names the file and leaves no partial frames behind.
        let root = URL(fileURLWithPath: dir.path + "/shanghaitech")
        try PublishedLayoutFixtures.shanghaiTechOfficial(from: source, at: root)
        let broken = root.appendingPathComponent("training/videos/\(source.training[1].name).avi")
        try Data(try Data(contentsOf: broken).prefix(bytes.count / 2)).write(to: broken)
        let location = DerivedInputsLocation(folder: URL(fileURLWithPath: dir.path + "/derived"))
        XCTAssertThrowsError(try DerivedInputs.write(dataset: try VideoDataset.load(root.path), to: location, width: 32, height: 32)) { error in
            XCTAssertEqual((error as? VideoDataError)?.path, broken.path, "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: location.framesFolder(split: .training, video: source.training[1].name).path))
    }
}
