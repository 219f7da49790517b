@testable import Experiments
import F2LM
import Foundation
@testable import JobRunner
import TestSupport
import VideoData
import XCTest

/// Datasets in the layouts their users have them (ShanghaiTech and Avenue as published, with `.avi` videos;
/// the F2LM authors' ShanghaiTech) plan and run a smoke-scale F2LM row: the dataset node decodes the videos and
/// derives the inputs into its own artifact, the later nodes train and score from there, the folder is only read.
final class PublishedLayoutsPipelineTests: XCTestCase {
    /// Plans one F2LM row of `name` on `dataset` at the smoke scale, runs it, and checks what every layout must
    /// give: success, an AUC, an untouched folder. Returns the run and the dataset node's artifact.
    /// One smoke run on `dataset` as published: no score arrays (those come from scripts/prepare-inputs.py), so
    /// with one-hot label maps (foreground masks where the dataset has no class maps).
    func runSmokeRow(dataset: URL, name: DatasetName, folder: URL) throws -> (PlannedRun, URL) {
        let before = try DerivedInputsPipelineTests.checksum(dataset)
        let spec = folder.appendingPathComponent("\(name.rawValue).yaml")
        try """
            name: published
            extends: [\(Fixtures.experiments)/defaults.yaml]
            set: {data.root: \(dataset.path), data.labels: onehot}
            datasets: [\(name.rawValue)]

            """.write(to: spec, atomically: true, encoding: .utf8)
        let plan = try Plan.load(files: [spec.path], options: PlanOptions(scale: Fixtures.experiments + "/scales/smoke.yaml"))
        XCTAssertEqual(plan.runs.count, 1)
        let run = plan.runs[0]
        XCTAssertTrue(DatasetArtifact.derivesInputs(config: run.config))
        let cache = ArtifactCache(root: folder.appendingPathComponent("cache"))
        let pipeline = PipelineRun(plan: plan, cache: cache, results: ResultsFolder(root: folder.appendingPathComponent("results")),
                                   jobs: 1, threads: 2, scale: "smoke")
        let summary = try pipeline.execute()
        XCTAssertTrue(summary.succeeded, summary.description)
        let metrics = try RunRecord.read(from: cache.artifactDirectory(stage: "evaluation", key: run.stageKeys.evaluation)
            .appendingPathComponent(RunRecord.fileName)).metrics
        XCTAssertTrue(metrics.auc.isFinite && metrics.auc >= 0 && metrics.auc <= 1, "\(metrics.auc)")
        XCTAssertEqual(metrics.reportedVideos.count, 4)
        XCTAssertEqual(try DerivedInputsPipelineTests.checksum(dataset), before, "the dataset folder is only read")
        return (run, cache.artifactDirectory(stage: "dataset", key: run.stageKeys.dataset))
    }

    /// The decoded frames of `videos` in the dataset artifact, per video.
    func decodedFrameCounts(_ artifact: URL, split: DatasetSplit, videos: [String]) throws -> [Int] {
        let location = try XCTUnwrap(DatasetArtifact.derivedInputs(artifact: artifact))
        return try videos.map { video in
            try FileManager.default.contentsOfDirectory(atPath: location.framesFolder(split: split, video: video).path).count
        }
    }

    func testShanghaiTechAsPublishedRunsASmokeRow() throws {
        let folder = makeScratchFolder(self)
        let source = try PublishedLayoutFixtures.source(in: folder.appendingPathComponent("source"))
        let dataset = folder.appendingPathComponent("shanghaitech")
        try PublishedLayoutFixtures.shanghaiTechOfficial(from: source, at: dataset)
        let (_, artifact) = try runSmokeRow(dataset: dataset, name: .shanghaitech, folder: folder)
        XCTAssertEqual(try decodedFrameCounts(artifact, split: .training, videos: source.training.map(\.name)),
                       source.training.map(\.frameCount))
    }

    func testAvenueAsPublishedRunsASmokeRow() throws {
        let folder = makeScratchFolder(self)
        let source = try PublishedLayoutFixtures.source(in: folder.appendingPathComponent("source"))
        let dataset = folder.appendingPathComponent("avenue")
        try PublishedLayoutFixtures.avenueOfficial(from: source, at: dataset)
        let (_, artifact) = try runSmokeRow(dataset: dataset, name: .avenue, folder: folder)
        XCTAssertEqual(try decodedFrameCounts(artifact, split: .testing, videos: ["01", "02", "03", "04"]),
                       source.testing.map(\.frameCount))
    }

    func testShanghaiTechInTheAuthorsLayoutRunsASmokeRow() throws {
        let folder = makeScratchFolder(self)
        let source = try PublishedLayoutFixtures.source(in: folder.appendingPathComponent("source"))
        let dataset = folder.appendingPathComponent("shanghai")
        try PublishedLayoutFixtures.shanghaiTechAuthors(from: source, at: dataset)
        _ = try runSmokeRow(dataset: dataset, name: .shanghaitech, folder: folder)
    }

    /// A `prepared-inputs.json` (scripts/prepare-inputs.py) is part of the dataset key, and the dataset stage refuses
    /// one at a resolution the loader would not take, naming it.
    func testPreparedInputsManifestIsCheckedAndKeyed() throws {
        let folder = makeScratchFolder(self)
        let source = try PublishedLayoutFixtures.source(in: folder.appendingPathComponent("source"))
        let dataset = folder.appendingPathComponent("shanghai")
        try PublishedLayoutFixtures.shanghaiTechAuthors(from: source, at: dataset)
        let spec = folder.appendingPathComponent("s.yaml")
        try """
            name: published
            extends: [\(Fixtures.experiments)/defaults.yaml]
            set: {data.root: \(dataset.path)}
            datasets: [shanghaitech]

            """.write(to: spec, atomically: true, encoding: .utf8)
        func run() throws -> PlannedRun {
            try Plan.load(files: [spec.path], options: PlanOptions(scale: Fixtures.experiments + "/scales/smoke.yaml")).runs[0]
        }
        let without = try run()
        let manifest = dataset.appendingPathComponent(PreparedInputsManifest.fileName)
        func write(resolution: Int, flow: String) throws {
            try """
                {"format": 1, "resolution": [\(resolution), \(resolution)],
                 "labels": {"model": "deeplabv3_resnet101", "sha256": null},
                 "flow": {"model": "\(flow)", "sha256": "ab12"}}
                """.write(to: manifest, atomically: true, encoding: .utf8)
        }
        try write(resolution: 32, flow: "flownet2-sd")
        let flownet = try run()
        try write(resolution: 32, flow: "raft_large")
        let raft = try run()
        XCTAssertEqual(Set([without.stageKeys.dataset, flownet.stageKeys.dataset, raft.stageKeys.dataset]).count, 3)
        XCTAssertEqual(without.hash, raft.hash, "the run's identity does not depend on the folder")
        try DatasetArtifact.build(config: raft.config, output: folder.appendingPathComponent("artifact-ok"))
        let recorded = try JSONDecoder().decode(DatasetArtifact.Source.self, from: Data(contentsOf:
            StageArtifact.datasetSource.url(in: folder.appendingPathComponent("artifact-ok"))))
        XCTAssertEqual(recorded.preparedInputs, SHA256.hexString(SHA256.digest([UInt8](try Data(contentsOf: manifest)))))
        try write(resolution: 64, flow: "raft_large")
        XCTAssertThrowsError(try DatasetArtifact.build(config: try run().config, output: folder.appendingPathComponent("artifact"))) { error in
            XCTAssertTrue("\(error)".contains(manifest.path) && "\(error)".contains("64x64"), "\(error)")
        }
    }
}
