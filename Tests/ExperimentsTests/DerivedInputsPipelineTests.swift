@testable import Experiments
import F2LM
import Foundation
@testable import JobRunner
import VideoData
import XCTest

/// A real-layout dataset without `labels/` and `flows/` through the pipeline with the real model at the smoke
/// scale: the dataset node derives label maps and flow once into its own artifact, later nodes read them from
/// there, and the dataset folder is never written.
final class DerivedInputsPipelineTests: XCTestCase {
    /// SHA-256 over every path (relative, sorted) and file content under `folder`; folders count by their path.
    static func checksum(_ folder: URL) throws -> String {
        let paths = (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []).sorted()
        var bytes: [UInt8] = []
        for path in paths {
            bytes += Array("\(path)\n".utf8)
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isDirectory)
            if !isDirectory.boolValue { bytes += SHA256.digest([UInt8](try Data(contentsOf: folder.appendingPathComponent(path)))) }
        }
        return SHA256.digest(bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// A smoke walkway family written as a real dataset would be: without `labels/` and `flows/`, and with frames
    /// larger (64 × 64) than the smoke scale's working resolution (32), so the derived inputs are resized.
    static func realLayout(in folder: URL) throws -> URL {
        let dataset = folder.appendingPathComponent("ped2-like")
        let scale = SyntheticScale(trainVideos: 2, testVideos: 2, minFrames: 24, maxFrames: 30, frameSize: 64)
        try SyntheticDatasetWriter(family: .walkway, scale: scale, seed: 3).write(to: dataset.path)
        for split in DatasetSplit.allCases {
            for kind in ["labels", "flows"] {
                try FileManager.default.removeItem(at: dataset.appendingPathComponent("\(split.rawValue)/\(kind)"))
            }
        }
        return dataset
    }

    /// The plan of one ped2 run on `dataset` at the smoke scale.
    static func plan(dataset: URL, folder: URL) throws -> Plan {
        let spec = folder.appendingPathComponent("real.yaml")
        try """
            name: real
            extends: [\(Fixtures.experiments)/defaults.yaml]
            set: {data.root: \(dataset.path)}
            datasets: [ped2]

            """.write(to: spec, atomically: true, encoding: .utf8)
        return try Plan.load(files: [spec.path], options: PlanOptions(scale: Fixtures.experiments + "/scales/smoke.yaml"))
    }

    func testOnlyRunsThatDeriveInputsHaveTheVersionInTheirDatasetKey() throws {
        let folder = makeScratchFolder(self)
        let complete = folder.appendingPathComponent("complete")
        try SyntheticDatasetWriter(family: .walkway, scale: .smoke, seed: 3).write(to: complete.path)
        let withInputs = try Self.plan(dataset: complete, folder: folder).runs[0]
        let lacking = try Self.plan(dataset: try Self.realLayout(in: folder), folder: folder).runs[0]
        XCTAssertFalse(DatasetArtifact.derivesInputs(config: withInputs.config))
        XCTAssertTrue(DatasetArtifact.derivesInputs(config: lacking.config))
        XCTAssertEqual(withInputs.hash, lacking.hash, "the run's identity does not depend on the folder")
        XCTAssertNotEqual(withInputs.stageKeys.dataset, lacking.stageKeys.dataset)
        XCTAssertNotEqual(withInputs.stageKeys.evaluation, lacking.stageKeys.evaluation)
        // A synthetic family never derives (its data has labels and flow).
        let synthetic = try Plan.load(files: [Fixtures.experiments + "/table9_zp.yaml"], options: PlanOptions(scale: "smoke"))
        XCTAssertFalse(synthetic.runs.contains { DatasetArtifact.derivesInputs(config: $0.config) })
    }

    func testDerivedInputsAreComputedOnceIntoTheDatasetArtifactAndTheFolderIsOnlyRead() throws {
        let folder = makeScratchFolder(self)
        let dataset = try Self.realLayout(in: folder)
        let before = try Self.checksum(dataset)
        let plan = try Self.plan(dataset: dataset, folder: folder)
        XCTAssertEqual(plan.runs.count, 1)
        let run = plan.runs[0]
        let cache = ArtifactCache(root: folder.appendingPathComponent("cache"))
        let pipeline = PipelineRun(plan: plan, cache: cache, results: ResultsFolder(root: folder.appendingPathComponent("results")),
                                   jobs: 1, threads: 2, scale: "smoke")
        let first = try pipeline.execute()
        XCTAssertTrue(first.succeeded)
        XCTAssertEqual(try Self.checksum(dataset), before, "(a) the dataset folder is unchanged")

        // (b) The derived files are in the dataset node's artifact and listed in its done.json.
        let artifact = cache.artifactDirectory(stage: "dataset", key: run.stageKeys.dataset)
        let location = try XCTUnwrap(DatasetArtifact.derivedInputs(artifact: artifact))
        let loaded = try VideoDataset.load(dataset.path)
        var expected: Set<String> = []
        for split in DatasetSplit.allCases {
            for record in split == .training ? loaded.training : loaded.testing {
                for path in location.labelPaths(of: record, split: split) + location.flowPaths(of: record, split: split) {
                    XCTAssertTrue(FileManager.default.fileExists(atPath: path), path)
                    expected.insert(String(path.dropFirst(artifact.path.count + 1)))
                }
            }
        }
        XCTAssertEqual(expected.count, (loaded.training + loaded.testing).map { 2 * $0.frameCount - 1 }.reduce(0, +))
        // Stored at the working resolution (32 × 32), not the frames' 64 × 64.
        XCTAssertEqual(run.config.data.resolution, 32)
        XCTAssertEqual(try ImageCodec.read(loaded.testing[0].framePaths[0]).width, 64)
        for path in location.flowPaths(of: loaded.testing[0], split: .testing) {
            let flow = try FlowField.read(path)
            XCTAssertEqual([flow.width, flow.height], [32, 32], path)
            XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, 12 + 8 * 32 * 32, path)
        }
        for path in location.labelPaths(of: loaded.testing[0], split: .testing) {
            let map = try ImageCodec.read(path)
            XCTAssertEqual([map.width, map.height], [32, 32], path)
        }
        let record = try XCTUnwrap(cache.verifiedCompletionRecord(stage: "dataset", key: run.stageKeys.dataset))
        let listed = Set((record.files ?? [:]).keys.filter { $0.hasPrefix(DerivedInputs.folderName + "/") })
        XCTAssertEqual(listed, expected)
        let source = try JSONDecoder().decode(DatasetArtifact.Source.self,
                                              from: Data(contentsOf: StageArtifact.datasetSource.url(in: artifact)))
        XCTAssertEqual(source.derivedInputsVersion, DerivedInputs.version)
        XCTAssertEqual(source.derivedVideos, loaded.training.count + loaded.testing.count)
        XCTAssertTrue(try String(contentsOf: cache.logFile(key: run.stageKeys.dataset), encoding: .utf8)
            .contains("derived inputs: video \(source.derivedVideos!)/\(source.derivedVideos!)"))

        // (c) A second run reuses every node: nothing is derived, trained or scored again.
        let second = try pipeline.execute()
        XCTAssertEqual(second.count(.reused), try PipelineGraph(runs: plan.runs).graph.count)
        XCTAssertEqual(second.count(.done), 0)
        XCTAssertEqual(try Self.checksum(dataset), before)

        // (d) Scores from the derived inputs equal scores from the in-memory derivation, and the scoring stage
        // does read the derived files: with every flow file zeroed its motion scores change.
        let generator = cache.artifactDirectory(stage: "generator", key: run.stageKeys.generator)
        let destroyer = cache.artifactDirectory(stage: "destroyer", key: run.stageKeys.destroyer)
        let cached = try String(contentsOf: StageArtifact.scores.url(in: cache.artifactDirectory(stage: "scores", key: run.stageKeys.scores)),
                                encoding: .utf8)
        func score(_ derived: DerivedInputsLocation?, _ name: String) throws -> String {
            let output = folder.appendingPathComponent(name)
            try ModelStages.score(config: run.config, dataset: dataset, generator: generator, destroyer: destroyer, output: output,
                                  environment: StageEnvironment(threads: 2, workDirectory: folder.appendingPathComponent("work-" + name),
                                                                derivedInputs: derived))
            return try String(contentsOf: StageArtifact.scores.url(in: output), encoding: .utf8)
        }
        let inMemory = try score(nil, "in-memory")
        XCTAssertEqual(try score(location, "derived"), inMemory)
        XCTAssertEqual(cached, inMemory)
        let zeroed = DerivedInputsLocation(folder: folder.appendingPathComponent("zeroed"))
        try FileManager.default.copyItem(at: location.folder, to: zeroed.folder)
        for split in DatasetSplit.allCases {
            for record in split == .training ? loaded.training : loaded.testing {
                for path in zeroed.flowPaths(of: record, split: split) {
                    let flow = try FlowField.read(path)
                    try FlowField(width: flow.width, height: flow.height).write(to: path)
                }
            }
        }
        XCTAssertNotEqual(try score(zeroed, "zeroed"), inMemory)
        XCTAssertEqual(try Self.checksum(dataset), before)
    }
}
