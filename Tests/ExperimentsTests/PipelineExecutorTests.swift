@testable import Experiments
import F2LM
import Foundation
@testable import JobRunner
import Metrics
import XCTest

/// The executor's wiring (with stand-in model stages) and the evaluation stage on a hand-written scores.csv.
final class PipelineExecutorTests: XCTestCase {
    /// Six frames of two test videos; label_triplet ranks the anomalies perfectly, generator_mse inversely.
    static let scoresCSV = """
        video,frame,label,label_triplet,motion_triplet,generator_mse,destroyer_mse
        01,4,0,0.1,,0.9,
        01,5,0,0.2,,0.8,
        01,6,1,0.9,,0.1,
        02,4,0,0.3,,0.7,
        02,5,1,0.8,,0.2,
        02,6,1,0.7,,0.3,

        """

    func testEvaluationOfHandWrittenScores() throws {
        let folder = makeScratchFolder(self)
        try Self.scoresCSV.write(to: folder.appendingPathComponent("scores.csv"), atomically: true, encoding: .utf8)
        let only = ScoreConfig(gamma: .fixed(ScoreWeights(labelTriplet: 1, motionTriplet: 0, generatorMSE: 0, destroyerMSE: 0)), normalize: .perVideo)
        func evaluate(_ score: ScoreConfig) throws -> RunMetrics {
            let file = folder.appendingPathComponent("scores.csv")
            return try RunMetrics.evaluate(table: ScoreTable.read(from: file), source: file.path, score: score)
        }
        let metrics = try evaluate(only)
        XCTAssertEqual(metrics.auc, 1, accuracy: 1e-12)          // label triplet alone separates every frame
        XCTAssertEqual(metrics.eer, 0, accuracy: 1e-12)
        XCTAssertEqual(metrics.componentAUCs[.generatorMSE]!, 0, accuracy: 1e-12)  // inverse ranking
        XCTAssertNil(metrics.componentAUCs[.destroyerMSE])
        XCTAssertFalse(metrics.gammaSearched)
        XCTAssertEqual(metrics.gamma, [5, 0, 0, 0])  // the weights applied: γ1–γ3 × 5 (score.weight_scale: authors)
        XCTAssertEqual(metrics.reportedVideos, ["01", "02"])

        let inverse = ScoreConfig(gamma: .fixed(ScoreWeights(labelTriplet: 0, motionTriplet: 0, generatorMSE: 1, destroyerMSE: 0)), normalize: .global)
        XCTAssertEqual(try evaluate(inverse).auc, 0, accuracy: 1e-12)

        // score.component_order: authors_code — Table 10's γ2 then weighs the label triplet (and γ1 the motion one).
        let swapped = ScoreConfig(gamma: .fixed(ScoreWeights(labelTriplet: 0, motionTriplet: 1, generatorMSE: 0, destroyerMSE: 0)), normalize: .perVideo,
                                  componentOrder: .authorsCode)
        let swappedMetrics = try evaluate(swapped)
        XCTAssertEqual(swappedMetrics.gamma, [5, 0, 0, 0])
        XCTAssertEqual(swappedMetrics.auc, 1, accuracy: 1e-12)
        XCTAssertEqual(ScoreComponentOrder.authorsCode.weights(ScoreWeights(labelTriplet: 1, motionTriplet: 2, generatorMSE: 3, destroyerMSE: 4)),
                       ScoreWeights(labelTriplet: 2, motionTriplet: 1, generatorMSE: 3, destroyerMSE: 4))
    }

    func testRoutingCallsTheModelStagesWithTheirDependencies() throws {
        let plan = try Plan.load(files: [Fixtures.experiments + "/table9_zp.yaml"],
                                 options: PlanOptions(scale: "smoke", overrides: ["score.gamma=[1,1,1,1]"]))
        let runs = plan.runs.filter { $0.dataset == .walkway }      // None (no Destroyer), Background, Zero
        let graph = try PipelineGraph(runs: runs)
        XCTAssertEqual(graph.count(.generator), 1)
        let calls = Shared<[String]>([])
        let scoresCSV = Self.scoresCSV
        let stages = ModelStageFunctions(
            trainGenerator: { _, dataset, output, environment in
                XCTAssertTrue(FileManager.default.fileExists(atPath: dataset.appendingPathComponent("dataset.json").path))
                XCTAssertTrue(environment.workDirectory.path.contains("/work/"))
                calls.withValue { $0.append("generator") }
                try Data("g".utf8).write(to: output.appendingPathComponent("generator.safetensors"))
            },
            trainDestroyer: { config, _, generator, output, _ in
                XCTAssertTrue(config.destroyer.enabled)
                XCTAssertTrue(FileManager.default.fileExists(atPath: generator.appendingPathComponent("generator.safetensors").path))
                calls.withValue { $0.append("destroyer \(config.destroyer.zp.rawValue)") }
                try Data("d".utf8).write(to: output.appendingPathComponent("destroyer.safetensors"))
            },
            score: { config, _, generator, destroyer, output, _ in
                XCTAssertTrue(FileManager.default.fileExists(atPath: generator.appendingPathComponent("generator.safetensors").path))
                XCTAssertEqual(destroyer == nil, !config.destroyer.enabled)
                calls.withValue { $0.append(destroyer == nil ? "score without destroyer" : "score with destroyer") }
                try scoresCSV.write(to: output.appendingPathComponent("scores.csv"), atomically: true, encoding: .utf8)
            })
        let root = makeScratchFolder(self)
        let cache = ArtifactCache(root: root.appendingPathComponent("cache"))
        let summary = try Scheduler(cache: cache, executor: PipelineExecutor(graph: graph, stages: stages), jobs: 2,
                                    totalThreads: 2).run(graph.graph)
        XCTAssertTrue(summary.succeeded, summary.description)
        XCTAssertEqual(calls.withValue { $0.sorted() },
                       ["destroyer background", "destroyer zero", "generator", "score with destroyer",
                        "score with destroyer", "score without destroyer"])
        let none = runs.first { !$0.config.destroyer.enabled }!
        XCTAssertTrue(FileManager.default.fileExists(atPath: cache.artifactDirectory(stage: "destroyer", key: none.stageKeys.destroyer)
            .appendingPathComponent(PipelineExecutor.disabledMarker).path))
        // The evaluation node's one file: the run record (metrics, diagnostics, pair counts, identity).
        let record = try RunRecord.read(from: cache.artifactDirectory(stage: "evaluation", key: none.stageKeys.evaluation)
            .appendingPathComponent(RunRecord.fileName))
        XCTAssertEqual(record.metrics.gamma, [5, 5, 5, 1])  // γ1–γ3 × 5 (score.weight_scale: authors)
        XCTAssertEqual(record.version, RunRecord.currentVersion)
        XCTAssertEqual(record.stageKeys, none.stageKeys)
        XCTAssertEqual(record.codeIdentity, StageNumericsVersions.current.identity(through: .evaluation))
        XCTAssertEqual(try XCTUnwrap(record.videoPairs).auc, record.metrics.auc, accuracy: 1e-12)
        XCTAssertEqual(record.metrics.componentAUCs[.generatorMSE]!, 0, accuracy: 1e-12)  // the hand-written scores
        XCTAssertNil(record.diagnostics.destroyerDifficultyClean)  // no Destroyer in this run
        XCTAssertNil(record.diagnostics.motionTripletZero)  // no motion-triplet column
        XCTAssertEqual(try XCTUnwrap(record.diagnostics.labelTripletZero), 0, accuracy: 1e-12)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cache.artifactDirectory(
            stage: "evaluation", key: none.stageKeys.evaluation).path).sorted(), ["done.json", RunRecord.fileName])
        // Work folders are removed once their node is committed.
        XCTAssertEqual((try? FileManager.default.contentsOfDirectory(atPath: cache.workRootDirectory.path)) ?? [], [])
    }

    /// Stages that write placeholder artifacts and the hand-written scores (no training).
    static func standInStages() -> ModelStageFunctions {
        let scoresCSV = Self.scoresCSV
        return ModelStageFunctions(
            trainGenerator: { _, _, output, _ in try Data("g".utf8).write(to: output.appendingPathComponent("generator.safetensors")) },
            trainDestroyer: { _, _, _, output, _ in try Data("d".utf8).write(to: output.appendingPathComponent("destroyer.safetensors")) },
            score: { _, _, _, _, output, _ in
                try scoresCSV.write(to: output.appendingPathComponent("scores.csv"), atomically: true, encoding: .utf8)
            })
    }

    /// What `f2lm run --executor slurm --wait` does once the array tasks are done: results/ from the cache alone.
    func testResultsFromTheCacheEqualThoseOfTheRunThatFilledIt() throws {
        let plan = try Plan.load(files: [Fixtures.experiments + "/table9_zp.yaml"], options: PlanOptions(scale: "smoke"))
        let root = makeScratchFolder(self)
        let cache = ArtifactCache(root: root.appendingPathComponent("cache"))
        let local = PipelineRun(plan: plan, cache: cache, results: ResultsFolder(root: root.appendingPathComponent("local")),
                                scale: "smoke", stages: Self.standInStages())
        XCTAssertTrue(try local.execute().succeeded)
        var fromCache = local
        fromCache.results = ResultsFolder(root: root.appendingPathComponent("from-cache"))
        let summary = try fromCache.recordFromCache()
        XCTAssertEqual(summary.count(.reused), try PipelineGraph(runs: plan.runs).graph.count)
        for file in ["table9_zp/runs.csv", "table9_zp/table.csv", "table9_zp/table.md"] {
            XCTAssertEqual(try String(contentsOf: local.results.root.appendingPathComponent(file), encoding: .utf8),
                           try String(contentsOf: fromCache.results.root.appendingPathComponent(file), encoding: .utf8), file)
        }

        // A node that failed elsewhere (its artifact gone, a failure record left): its runs are listed failed.
        let zero = plan.runs.first { $0.dataset == .plaza && $0.config.destroyer.enabled && $0.config.destroyer.zp == .zero }!
        try cache.removeArtifact(stage: "destroyer", key: zero.stageKeys.destroyer)
        try cache.recordFailure(FailureRecord(key: zero.stageKeys.destroyer, stage: "destroyer", label: "destroyer",
                                              reason: "slurm task killed", logTail: [], logPath: "", date: "2026-11-26",
                                              host: "node1", pid: 1))
        XCTAssertEqual(try fromCache.recordFromCache().count(.failed), 1)
        let rows = try RunsCSV.read(from: fromCache.results.runsURL(spec: "table9_zp")).records
        XCTAssertEqual(rows.filter { $0.status == .failed }.map { "\($0.dataset) \($0.row)" }, ["plaza Zero vector"])
        XCTAssertEqual(rows.filter { $0.status == .done }.count, plan.runs.count - 1)
    }
}
