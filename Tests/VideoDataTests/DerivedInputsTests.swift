import Foundation
import XCTest
@testable import VideoData

/// Label maps and flow derived once into a folder outside the dataset (`DerivedInputs`), read back through
/// `DerivedInputsLocation` with the same numbers the in-memory derivation gives.
final class DerivedInputsTests: XCTestCase {
    /// A real-layout dataset without `labels/` and `flows/` (a smoke synthetic family with those removed).
    static func realLayout(_ dir: TemporaryFolder) throws -> String {
        let root = dir.path + "/ped2-like"
        try SyntheticDatasetWriter(family: .walkway, scale: .smoke, seed: 1).write(to: root)
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
        let count = try DerivedInputs.write(dataset: dataset, to: location, progress: { reports.append("\($0)/\($1)") })
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
        try DerivedInputs.write(dataset: dataset, to: location)
        // Overwrite the first flow of the first training video with a constant field: loading must show it.
        let record = try location.applied(to: dataset).training[0]
        let native = try VideoLoader.frames(of: record)
        let w = native[0].width, h = native[0].height
        try FlowField(width: w, height: h, uv: [Float](repeating: 3, count: 2 * w * h)).write(to: record.flowPaths![0])
        try ImageCodec.writePNG(RasterImage(width: w, height: h, channels: 1, pixels: [UInt8](repeating: 1, count: w * h)),
                                to: record.labelPaths![0])
        XCTAssertEqual(try VideoLoader.flows(of: record, frames: native)[0].uv, [Float](repeating: 3, count: 2 * w * h))
        XCTAssertEqual(try VideoLoader.labelMaps(of: record, frames: native)[0], [UInt8](repeating: 1, count: w * h))
    }

    func testAVideoWithoutDerivedInputsIsAnErrorNamingTheFolder() throws {
        let dir = try TemporaryFolder()
        let dataset = try VideoDataset.load(try Self.realLayout(dir))
        let location = DerivedInputsLocation(folder: URL(fileURLWithPath: dir.path + "/derived"))
        try DerivedInputs.write(dataset: dataset, to: location)
        let video = dataset.testing[1].name
        try FileManager.default.removeItem(at: location.flowsFolder(split: .testing, video: video))
        XCTAssertThrowsError(try location.applied(to: dataset)) { error in
            XCTAssertEqual((error as? VideoDataError)?.path, location.flowsFolder(split: .testing, video: video).path)
        }
    }
}
