import Foundation
import XCTest
@testable import VideoData

/// Small datasets built in each layout on disk and read back exactly, plus the bad-input errors.
final class VideoDatasetTests: XCTestCase {
    func frame(_ value: Int, width: Int = 8, height: Int = 6, channels: Int = 1) -> RasterImage {
        RasterImage(width: width, height: height, channels: channels,
                    pixels: (0..<(width * height * channels)).map { UInt8((value * 16 + $0) % 256) })
    }

    func mkdir(_ path: String) throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }

    /// A ShanghaiTech-style folder: unpadded numeric names (0…11), .npy masks, .jpg/.png/.tif frames.
    func makeFramesDataset(_ root: String, frames: Int = 12, ext: String = "png") throws {
        for (split, videos) in [("training", ["01_001", "01_002"]), ("testing", ["01_0014", "02_0015"])] {
            for video in videos {
                try mkdir("\(root)/\(split)/frames/\(video)")
                for n in 0..<frames {
                    let path = "\(root)/\(split)/frames/\(video)/\(n).\(ext)"
                    switch ext {
                    case "tif": try ImageCodec.writeTIFF(frame(n), to: path)
                    default: try ImageCodec.writePNG(frame(n), to: path)
                    }
                }
            }
        }
        try mkdir("\(root)/testing/test_frame_mask")
        try FrameGroundTruth.writeNumpyMask((0..<frames).map { $0 >= 5 && $0 < 9 ? 1 : 0 }, to: "\(root)/testing/test_frame_mask/01_0014.npy")
        try FrameGroundTruth.writeNumpyMask([UInt8](repeating: 0, count: frames), to: "\(root)/testing/test_frame_mask/02_0015.npy")
    }

    func testFramesLayoutReadsBackInNumericOrder() throws {
        let dir = try TemporaryFolder()
        let root = dir.path + "/shanghaitech"
        try makeFramesDataset(root)
        let dataset = try VideoDataset.load(root)
        XCTAssertEqual(dataset.training.map(\.name), ["01_001", "01_002"])
        XCTAssertEqual(dataset.testing.map(\.name), ["01_0014", "02_0015"])
        let names = dataset.training[0].framePaths.map { ($0 as NSString).lastPathComponent }
        XCTAssertEqual(names, (0..<12).map { "\($0).png" })   // 2.png before 10.png
        XCTAssertEqual(dataset.testing[0].frameLabels, (0..<12).map { $0 >= 5 && $0 < 9 ? 1 : 0 })
        XCTAssertEqual(dataset.testing[1].scene, "02")
        let frames = try VideoLoader.frames(of: dataset.training[1])
        XCTAssertEqual(frames, (0..<12).map { frame($0) })
    }

    func testMATGroundTruthAndTIFFFrames() throws {
        let dir = try TemporaryFolder()
        let root = dir.path + "/ped2"
        try makeFramesDataset(root, frames: 10, ext: "tif")
        try FileManager.default.removeItem(atPath: root + "/testing/test_frame_mask")
        // gt = {[2;4], [1 3; 2 10]} written by scipy.io.savemat(..., do_compression=True):
        //   gt = np.empty((1, 2), dtype=object); gt[0,0] = np.array([[2.],[4.]]); gt[0,1] = np.array([[1.,3.],[2.,10.]])
        let mat = "TUFUTEFCIDUuMCBNQVQtZmlsZSBQbGF0Zm9ybTogcG9zaXgsIENyZWF0ZWQgb246IFdlZCBOb3YgMjUgMTk6NTY6NTMgMjAyNgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABSU0PAAAAUAAAAHic42NgYDgBxGxAzAHEjAwQwIrEZwLTTAzpJQwMfEC2A5J6NjT1TFA9MHM4gViAAQ4cIJSAA8icAALmMKGZowA35oM9qnkcUFrFAQAoFQW4"
        try Data(base64Encoded: mat)!.write(to: URL(fileURLWithPath: root + "/ped2.mat"))
        let dataset = try VideoDataset.load(root)
        XCTAssertEqual(dataset.testing[0].frameLabels, [0, 1, 1, 1, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(dataset.testing[1].frameLabels, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1])
        XCTAssertEqual(try VideoLoader.frames(of: dataset.testing[0])[3], frame(3))
    }

    func testUCSDOriginalLayout() throws {
        let dir = try TemporaryFolder()
        let root = dir.path + "/UCSDped2"
        for (folder, videos) in [("Train", ["Train001", "Train002"]), ("Test", ["Test001", "Test002"])] {
            for v in videos {
                try mkdir("\(root)/\(folder)/\(v)")
                for n in 1...9 { try ImageCodec.writeTIFF(frame(n), to: String(format: "%@/%@/%@/%03d.tif", root, folder, v, n)) }
            }
        }
        try mkdir(root + "/Test/Test001_gt")
        try """
        TestVideoFile{end+1}.gt_frame = [3:5];
        TestVideoFile{end+1}.gt_frame = [8:9];
        """.write(toFile: root + "/Test/UCSDped2.m", atomically: true, encoding: .utf8)
        let dataset = try VideoDataset.load(root)
        XCTAssertEqual(dataset.testing.map(\.name), ["Test001", "Test002"])
        XCTAssertEqual(dataset.testing[0].frameLabels, [0, 0, 1, 1, 1, 0, 0, 0, 0])
        XCTAssertEqual(dataset.testing[1].frameLabels, [0, 0, 0, 0, 0, 0, 0, 1, 1])
        XCTAssertEqual(try VideoLoader.frames(of: dataset.training[1]).last, frame(9))
    }

    func testBadInputsThrowNamingTheFile() throws {
        let dir = try TemporaryFolder()
        // Missing folder.
        XCTAssertThrowsError(try VideoDataset.load(dir.path + "/nope")) { XCTAssertTrue("\($0)".contains("nope")) }
        // Label file whose length does not match.
        let root = dir.path + "/ds"
        try makeFramesDataset(root)
        try FrameGroundTruth.writeNumpyMask([0, 1, 0], to: root + "/testing/test_frame_mask/02_0015.npy")
        XCTAssertThrowsError(try VideoDataset.load(root)) { error in
            XCTAssertTrue("\(error)".contains("02_0015.npy") && "\(error)".contains("3 labels"), "\(error)")
        }
        // Missing mask file.
        try FileManager.default.removeItem(atPath: root + "/testing/test_frame_mask/02_0015.npy")
        XCTAssertThrowsError(try VideoDataset.load(root)) { XCTAssertTrue("\($0)".contains("02_0015.npy")) }
        try FrameGroundTruth.writeNumpyMask([UInt8](repeating: 0, count: 12), to: root + "/testing/test_frame_mask/02_0015.npy")
        // Mixed image sizes inside a video.
        try ImageCodec.writePNG(frame(7, width: 10), to: root + "/training/frames/01_002/7.png")
        let dataset = try VideoDataset.load(root)
        XCTAssertThrowsError(try VideoLoader.frames(of: dataset.training[1])) { error in
            XCTAssertTrue("\(error)".contains("01_002/7.png") && "\(error)".contains("10x6"), "\(error)")
        }
        // Corrupt image.
        try Data([0x89, 0x50, 0x4E, 0x47, 0, 0]).write(to: URL(fileURLWithPath: root + "/training/frames/01_002/7.png"))
        XCTAssertThrowsError(try DatasetCheck(path: root)) { XCTAssertTrue("\($0)".contains("01_002/7.png")) }
        // Labels folder with the wrong count.
        try ImageCodec.writePNG(frame(7), to: root + "/training/frames/01_002/7.png")
        try mkdir(root + "/training/labels/01_001")
        try ImageCodec.writePNG(frame(0), to: root + "/training/labels/01_001/0.png")
        XCTAssertThrowsError(try VideoDataset.load(root)) { XCTAssertTrue("\($0)".contains("labels/01_001")) }
        try FileManager.default.removeItem(atPath: root + "/training/labels")
        // A .mat without gt when there is no mask folder.
        try FileManager.default.removeItem(atPath: root + "/testing/test_frame_mask")
        let noGT = "TUFUTEFCIDUuMCBNQVQtZmlsZSBQbGF0Zm9ybTogcG9zaXgsIENyZWF0ZWQgb246IFdlZCBOb3YgMjUgMTk6NTU6NDcgMjAyNgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABSU0PAAAAMgAAAHic42NgYPAAYjYg5oDSIMAK5TMCMROUBsnlJCal5hQzMHAC2QIMMPDBHspwAAB5rAR9"
        try Data(base64Encoded: noGT)!.write(to: URL(fileURLWithPath: root + "/ds.mat"))
        XCTAssertThrowsError(try VideoDataset.load(root)) { XCTAssertTrue("\($0)".contains("ds.mat") && "\($0)".contains("gt")) }
        // The check command reports it too.
        XCTAssertThrowsError(try DatasetCheck(path: root, decodeFrames: false))
    }
}
