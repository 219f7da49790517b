import F2LM
import Foundation
@testable import Experiments
@testable import JobRunner
import XCTest

/// Stage keys cover the code that computes each stage (`StageNumericsVersions`): bumping a stage's version
/// recomputes that stage and every later one and nothing before it; the cache recognises artifacts that differ
/// only by code, and `f2lm status` / `f2lm run --dry-run` count them.
final class StageCodeIdentityTests: XCTestCase {
    func run(_ text: String) throws -> PlannedRun {
        try Fixtures.expand("extends: [defaults.yaml]\ndatasets: [walkway]\n" + text).runs[0]
    }

    /// Every spec of experiments/ at the smoke scale.
    func ablationRuns() throws -> [PlannedRun] {
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.experiments).filter { $0.hasSuffix(".yaml") }
        let files = SpecFiles.specs(among: names.sorted().map { Fixtures.experiments + "/" + $0 })
        return try Plan.load(files: files, options: PlanOptions(scale: "smoke")).runs
    }

    func testBumpingAStageVersionChangesThatStageAndEveryLaterKeyOnly() throws {
        let config = try run("set: {destroyer.enabled: true}\n").config
        let base = config.stageKeys(numerics: .current)
        XCTAssertEqual(base, config.stageKeys)
        for bumped in PipelineStage.allCases {
            var versions = StageNumericsVersions.current
            versions[bumped] += 1
            let keys = config.stageKeys(numerics: versions)
            for stage in PipelineStage.allCases {
                if stage < bumped {
                    XCTAssertEqual(keys[stage], base[stage], "bumping \(bumped) must keep the \(stage) key")
                } else {
                    XCTAssertNotEqual(keys[stage], base[stage], "bumping \(bumped) must change the \(stage) key")
                }
            }
        }
    }

    /// A change to what the Destroyer computes (its version bumped) over the whole ablation: no dataset or
    /// generator key moves; every run with a Destroyer gets new destroyer, scores and evaluation keys; runs without
    /// one keep all five (their destroyer node trains nothing).
    func testADestroyerChangeRecomputesTheDestroyerAndLaterStagesOfRunsWithOneAndNoGenerator() throws {
        let runs = try ablationRuns()
        XCTAssertGreaterThan(runs.count, 100)
        var versions = StageNumericsVersions.current
        versions.destroyer += 1
        var withDestroyer = 0
        for run in runs {
            let before = run.config.stageKeys, after = run.config.stageKeys(numerics: versions)
            XCTAssertEqual(before, run.stageKeys)
            XCTAssertEqual(after.dataset, before.dataset)
            XCTAssertEqual(after.generator, before.generator)
            if run.config.destroyer.enabled {
                withDestroyer += 1
                XCTAssertNotEqual(after.destroyer, before.destroyer)
                XCTAssertNotEqual(after.scores, before.scores)
                XCTAssertNotEqual(after.evaluation, before.evaluation)
            } else {
                XCTAssertEqual(after, before, "\(run.specName) \(run.label): no Destroyer, nothing to recompute")
            }
        }
        XCTAssertGreaterThan(withDestroyer, 0)
        XCTAssertLessThan(withDestroyer, runs.count)
    }

    /// Keys are a function of a run's parameters and the numerics versions alone: planning the same spec from a
    /// copy of experiments/ in another folder, beside a README and a report of other content, gives the same keys
    /// as planning it from the repository (a change to README, the report or the command line moves no key).
    func testKeysDoNotDependOnFilesBesideTheSpecs() throws {
        let folder = try Fixtures.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let spec = try String(contentsOfFile: Fixtures.experiments + "/table8_lambda.yaml", encoding: .utf8)
        let copy = try Fixtures.write(spec, to: "table8_lambda.yaml", in: folder)
        try Fixtures.write("# Another README\n", to: "README.md", in: folder)
        try FileManager.default.createDirectory(atPath: folder + "/results", withIntermediateDirectories: true)
        try Fixtures.write("<html>another report</html>\n", to: "results/index.html", in: folder)
        let original = try Plan.load(files: [Fixtures.experiments + "/table8_lambda.yaml"], options: PlanOptions(scale: "smoke"))
        let copied = try Plan.load(files: [copy], options: PlanOptions(scale: "smoke"))
        XCTAssertEqual(copied.runs.map(\.stageKeys), original.runs.map(\.stageKeys))
        XCTAssertEqual(copied.runs.map(\.hash), original.runs.map(\.hash))
    }

    func testParameterKeysAreTheKeysWithoutCodeAndDifferFromThem() throws {
        let config = try run("").config
        XCTAssertEqual(config.parameterStageKeys, config.stageKeys(numerics: nil))
        for stage in PipelineStage.allCases {
            XCTAssertNotEqual(config.parameterStageKeys[stage], config.stageKeys[stage])
        }
        XCTAssertEqual(StageNumericsVersions.current.identity(through: .generator), "numerics dataset=1 generator=1")
    }

    /// A cache holding the plan's dataset artifact under its key of an older cache (no code in the key) and its
    /// generator artifact made by other numerics: the dry run counts both as artifacts of other code and neither
    /// as complete.
    func testDryRunCountsCachedArtifactsOfOtherCode() throws {
        let plan = try Fixtures.expand("extends: [defaults.yaml]\ndatasets: [walkway]\nset: {destroyer.enabled: true}\n")
        let planned = Plan(specs: [plan])
        let run = planned.runs[0]
        let scratch = makeScratchFolder(self)
        let cache = ArtifactCache(root: scratch.appendingPathComponent("cache"))
        try cache.prepare()
        let parameterKeys = run.config.parameterStageKeys
        try commitArtifact(cache, stage: .dataset, key: parameterKeys.dataset, parameterKey: nil, code: nil)
        var older = StageNumericsVersions.current
        older.generator -= 1
        let olderKeys = run.config.stageKeys(numerics: older)
        try commitArtifact(cache, stage: .generator, key: olderKeys.generator, parameterKey: parameterKeys.generator,
                           code: older.identity(through: .generator))
        let pipeline = PipelineRun(plan: planned, cache: cache, results: ResultsFolder(root: scratch.appendingPathComponent("results")))
        let listing = try pipeline.dryRunListing()
        XCTAssertTrue(listing.contains("2 cached artifact(s) came from other code (dataset 1, generator 1;"), listing)
        XCTAssertTrue(listing.contains(ArtifactCache.unrecordedIdentity), listing)
        XCTAssertTrue(listing.contains("numerics dataset=1 generator=0"), listing)
        XCTAssertTrue(listing.contains("dataset     1 nodes: 0 complete"), listing)

        // Once the node ran with this code, its artifact is complete and no longer counted.
        try commitArtifact(cache, stage: .dataset, key: run.stageKeys.dataset, parameterKey: parameterKeys.dataset,
                           code: StageNumericsVersions.current.identity(through: .dataset))
        let graph = try PipelineGraph(runs: planned.runs).graph
        XCTAssertEqual(Set(cache.otherCodeArtifacts(for: graph.nodes).keys), [run.stageKeys.generator])
        let status = try SlurmStatus.collect(graph: graph, cache: cache, submission: nil, runner: nil).render()
        XCTAssertTrue(status.contains("1 cached artifact(s) came from other code (generator 1;"), status)
    }

    func testNodesRecordTheirParameterKeyAndCodeIdentityInDoneJSON() throws {
        let cache = ArtifactCache(root: makeScratchFolder(self))
        let node = JobNode(key: "k2", stage: "generator", label: "g", parameterKey: "p", codeIdentity: "numerics generator=2")
        let summary = try Scheduler(cache: cache, executor: RecordingExecutor()).run(try JobGraph(nodes: [node]))
        XCTAssertTrue(summary.succeeded, summary.description)
        let record = try XCTUnwrap(cache.completionRecord(stage: "generator", key: "k2"))
        XCTAssertEqual(record.parameterKey, "p")
        XCTAssertEqual(record.codeIdentity, "numerics generator=2")
        let other = JobNode(key: "k3", stage: "generator", label: "g", parameterKey: "p", codeIdentity: "numerics generator=3")
        XCTAssertEqual(cache.otherCodeArtifacts(for: [node, other]), ["k3": "numerics generator=2"])
    }

    /// Writes a one-file artifact of `stage` under `key` with a done.json recording `parameterKey` and `code`.
    func commitArtifact(_ cache: ArtifactCache, stage: PipelineStage, key: String, parameterKey: String?, code: String?) throws {
        let temporary = try cache.makeTemporaryDirectory(stage: stage.rawValue, key: key)
        try Data("artifact".utf8).write(to: temporary.appendingPathComponent("value.txt"))
        try cache.commit(temporary: temporary, record: CompletionRecord(
            key: key, stage: stage.rawValue, label: stage.rawValue, wallSeconds: 1, finished: "2026-01-01T00:00:00Z",
            host: "host", pid: 1, parameterKey: parameterKey, codeIdentity: code))
    }
}
