import Foundation
import XCTest
@testable import VideoData

/// Label maps and flow derived once into a folder outside the dataset (`DerivedInputs`), read back through
/// `DerivedInputsLocation` with the same numbers the in-memory derivation gives.
final class DerivedInputsTests: XCTestCase {
    /// A real-layout dataset without `labels/` and `flows/` (a smoke synthetic family with those removed).
    static func realLayout(_ dir: TemporaryFolder, scale: SyntheticScale = .smoke) throws -> String {
        let root = dir.path + "/ped2-like"
        try SyntheticDatasetWriter(family: .walkway, scale: scale, seed: 1).write(to: root)
        for split in DatasetSplit.allCases {
            for kind in ["labels", "flows"] { try FileManager.default.removeItem(atPath: "\(root)/\(split.rawValue)/\(kind)") }
        }
        return root
    }

    /// Every file and folder under `folder`, by path, with its contents (folders as empty data).
    static func snapshot(_ folder: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for case let relative as String in FileManager.default.enumerator(atPath: folder)?.allObjects ?? [] {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isDirectory)
            result[relative] = isDirectory.boolValue ? Data() : try Data(contentsOf: URL(fileURLWithPath: folder + "/" + relative))
        }
        return result
    }

    func testWhetherADatasetNeedsDerivedInputs() throws {
        let dir = try TemporaryFolder()
        let complete = dir.path + "/complete"
        try SyntheticDatasetWriter(family: .walkway, scale: .smoke, seed: 1).write(to: complete)
        XCTAssertFalse(DerivedInputs.isNeeded(datasetFolder: complete))
        try FileManager.default.removeItem(atPath: complete + "/testing/flows/" + (try VideoDataset.listDirectories(complete + "/testing/flows"))[0])
        XCTAssertTrue(DerivedInputs.isNeeded(datasetFolder: complete), "one test video without flow")
        XCTAssertTrue(DerivedInputs.isNeeded(datasetFolder: try Self.realLayout(dir)))
        XCTAssertTrue(DerivedInputs.isNeeded(datasetFolder: dir.path + "/missing"))
    }

    func testDerivedInputsAreWrittenOutsideTheDatasetAndEqualTheInMemoryOnes() throws {
        let dir = try TemporaryFolder()
        let root = try Self.realLayout(dir)
        let before = try Self.snapshot(root)
        let dataset = try VideoDataset.load(root)
        let location = DerivedInputsLocation(folder: URL(fileURLWithPath: dir.path + "/artifact/derived"))
        var reports: [String] = []
        let count = try DerivedInputs.write(dataset: dataset, to: location, width: 24, height: 24,
                                            progress: { reports.append("\($0)/\($1)") })
        let total = dataset.training.count + dataset.testing.count
        XCTAssertEqual(count, total)
        XCTAssertEqual(reports, (1...total).map { "\($0)/\(total)" })
        XCTAssertEqual(try Self.snapshot(root), before, "the dataset folder is only read")

        let derived = try location.applied(to: dataset)
        for split in DatasetSplit.allCases {
            let records = split == .training ? derived.training : derived.testing
            for record in records {
                XCTAssertEqual(record.labelPaths?.count, record.frameCount)
                XCTAssertEqual(record.flowPaths?.count, record.frameCount - 1)
                for path in (record.labelPaths ?? []) + (record.flowPaths ?? []) {
                    XCTAssertTrue(FileManager.default.fileExists(atPath: path), path)
                    XCTAssertTrue(path.hasPrefix(location.folder.path + "/\(split.rawValue)/"), path)
                }
            }
            let config = ClipConfiguration(history: 4, width: 24, height: 24, channels: 1, classCount: 2)
            let inMemory = try ClipSampler(dataset: dataset, split: split, configuration: config)
            let fromFiles = try ClipSampler(dataset: derived, split: split, configuration: config)
            for (a, b) in zip(inMemory.videos, fromFiles.videos) {
                XCTAssertEqual(a.labels, b.labels, "\(split) \(a.name): label maps")
                XCTAssertEqual(a.flows, b.flows, "\(split) \(a.name): flow")
                XCTAssertEqual(a.frames, b.frames)
            }
        }
    }

    func testTheLoaderReadsTheDerivedFilesRatherThanRecomputing() throws {
        let dir = try TemporaryFolder()
        let dataset = try VideoDataset.load(try Self.realLayout(dir))
        let location = DerivedInputsLocation(folder: URL(fileURLWithPath: dir.path + "/derived"))
        let w = 24, h = 24
        try DerivedInputs.write(dataset: dataset, to: location, width: w, height: h)
        // Overwrite the first flow of the first training video with a constant field: loading must show it.
        let record = try location.applied(to: dataset).training[0]
        XCTAssertTrue(record.derivedLabels && record.derivedFlows)
        let native = try VideoLoader.frames(of: record)
        try FlowField(width: w, height: h, uv: [Float](repeating: 3, count: 2 * w * h)).write(to: record.flowPaths![0])
        try ImageCodec.writePNG(RasterImage(width: w, height: h, channels: 1, pixels: [UInt8](repeating: 1, count: w * h)),
                                to: record.labelPaths![0])
        XCTAssertEqual(try VideoLoader.flows(of: record, frames: native, working: (w, h))[0].uv, [Float](repeating: 3, count: 2 * w * h))
        XCTAssertEqual(try VideoLoader.labelMaps(of: record, frames: native, working: (w, h))[0], [UInt8](repeating: 1, count: w * h))
        let video = try PreparedVideo(record: record, configuration: ClipConfiguration(width: w, height: h, channels: 1, classCount: 2))
        XCTAssertEqual(video.flows[0], [Float](repeating: 3, count: 2 * w * h), "used as stored, not resized")
        XCTAssertEqual(video.labels[0], [UInt8](repeating: 1, count: w * h))
    }

    func testAVideoWithoutDerivedInputsIsAnErrorNamingTheFolder() throws {
        let dir = try TemporaryFolder()
        let dataset = try VideoDataset.load(try Self.realLayout(dir))
        let location = DerivedInputsLocation(folder: URL(fileURLWithPath: dir.path + "/derived"))
        try DerivedInputs.write(dataset: dataset, to: location, width: 16, height: 16)
        let video = dataset.testing[1].name
        try FileManager.default.removeItem(at: location.flowsFolder(split: .testing, video: video))
        XCTAssertThrowsError(try location.applied(to: dataset)) { error in
            XCTAssertEqual((error as? VideoDataError)?.path, location.flowsFolder(split: .testing, video: video).path)
        }
    }

    /// Frames of 64 × 64 with a working size of 32 × 32: what is stored is at the working size (a quarter of the
    /// native `.flo`), and the clips built from it equal, byte for byte, those built from the in-memory derivation.
    func testDerivedInputsAreStoredAtTheWorkingSizeAndGiveTheInMemoryClips() throws {
        let dir = try TemporaryFolder()
        let scale = SyntheticScale(trainVideos: 1, testVideos: 2, minFrames: 8, maxFrames: 10, frameSize: 64)
        let dataset = try VideoDataset.load(try Self.realLayout(dir, scale: scale))
        let location = DerivedInputsLocation(folder: URL(fileURLWithPath: dir.path + "/derived"))
        try DerivedInputs.write(dataset: dataset, to: location, width: 32, height: 32)
        let derived = try location.applied(to: dataset)
        let config = ClipConfiguration(history: 4, width: 32, height: 32, channels: 1, classCount: 2)
        for split in DatasetSplit.allCases {
            for record in split == .training ? derived.training : derived.testing {
                let native = try VideoLoader.frames(of: record)
                XCTAssertEqual(native[0].width, 64)
                XCTAssertEqual(native[0].height, 64)
                for path in record.flowPaths ?? [] {
                    let flow = try FlowField.read(path)
                    XCTAssertEqual(flow.width, 32, path)
                    XCTAssertEqual(flow.height, 32, path)
                    let bytes = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
                    XCTAssertEqual(bytes, 12 + 8 * 32 * 32, "\(path): header + 2 floats a pixel at 32 × 32 (native: \(12 + 8 * 64 * 64))")
                }
                for path in record.labelPaths ?? [] {
                    let map = try ImageCodec.read(path)
                    XCTAssertEqual([map.width, map.height, map.channels], [32, 32, 1], path)
                }
            }
            let inMemory = try ClipSampler(dataset: dataset, split: split, configuration: config)
            let fromFiles = try ClipSampler(dataset: derived, split: split, configuration: config)
            XCTAssertEqual(inMemory.videos.count, fromFiles.videos.count)
            for (a, b) in zip(inMemory.videos, fromFiles.videos) {
                XCTAssertEqual(a.labels, b.labels, "\(split) \(a.name): label maps")
                XCTAssertEqual(a.flows.map { $0.map(\.bitPattern) }, b.flows.map { $0.map(\.bitPattern) }, "\(split) \(a.name): flow bits")
                XCTAssertEqual(a.frames, b.frames)
                XCTAssertTrue(a.flows.dropLast().contains { $0.contains { $0 != 0 } }, "\(a.name): some motion")
            }
        }
        // Read at another working size they are an error naming the file (derived for another data.resolution).
        let other = ClipConfiguration(history: 4, width: 24, height: 24, channels: 1, classCount: 2)
        XCTAssertThrowsError(try PreparedVideo(record: derived.training[0], configuration: other)) { error in
            XCTAssertEqual((error as? VideoDataError)?.path, derived.training[0].labelPaths?[0])
        }
    }

    /// Resizing to the size a field already has is the identity, bit for bit (what makes reading working-size
    /// derived inputs exact even without the explicit skip in `PreparedVideo`).
    func testResizingToTheSameSizeIsTheIdentity() {
        var generator = SystemRandomNumberGenerator()
        let w = 7, h = 5
        let bytes = (0..<(w * h)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let uv = (0..<(2 * w * h)).map { _ in Float.random(in: -9...9, using: &generator) }
        let field = FlowField(width: w, height: h, uv: uv)
        XCTAssertEqual(ImageResampler.nearest(bytes: bytes, width: w, height: h, newWidth: w, newHeight: h), bytes)
        XCTAssertEqual(field.resized(width: w, height: h).uv.map(\.bitPattern), uv.map(\.bitPattern))
        XCTAssertEqual(PreparedVideo.workingLabels(bytes, width: w, height: h, working: (w, h)), bytes)
        XCTAssertEqual(PreparedVideo.workingFlow(field, working: (w, h)).uv.map(\.bitPattern), uv.map(\.bitPattern))
        // And the resize itself at exact pixel centres: the bilinear path with unit scale gives the same values.
        XCTAssertEqual(ImageResampler.resize(values: uv, width: w, height: h, channels: 2, newWidth: w, newHeight: h).map(\.bitPattern),
                       uv.map(\.bitPattern))
    }
}
