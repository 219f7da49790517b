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
    func runSmokeRow(dataset: URL, name: DatasetName, folder: URL) throws -> (PlannedRun, URL) {
        let before = try DerivedInputsPipelineTests.checksum(dataset)
        let spec = folder.appendingPathComponent("\(name.rawValue).yaml")
        try """
            name: published
            extends: [\(Fixtures.experiments)/defaults.yaml]
            set: {data.root: \(dataset.path)}
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
        let metrics = try RunMetrics.read(from: cache.artifactDirectory(stage: "evaluation", key: run.stageKeys.evaluation)
            .appendingPathComponent(RunMetrics.fileName))
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
}
