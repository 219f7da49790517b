import Experiments
import Foundation
import JobRunner
import TestSupport
import XCTest

/// The results are functions of the plan and the run records: after a real `f2lm run` (smoke scale, walkway, the
/// three rows of table9_zp), everything but `results/plan.json`, the runs' records (`<spec>/runs.json`) and the
/// provenance (`TABLES.json`) is deleted — the whole cache, runs.csv, video_pairs.json, every table file and
/// TABLES.md — and `f2lm tables` writes the same tables, byte for byte.
final class TablesFromRecordsTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    override func setUpWithError() throws {
        try F2LMCommand.requireBuilt()
    }

    func testTablesAreRenderedFromThePlanAndTheRunRecordsAlone() throws {
        let folder = makeScratchFolder(self)
        let cache = folder.appendingPathComponent("cache"), results = folder.appendingPathComponent("results")
        let spec = Self.repository.appendingPathComponent("experiments/table9_zp.yaml").path
        let (status, output) = try F2LMCommand.run(
            ["run", spec, "--scale", "smoke", "--where", "dataset=walkway", "--jobs", "2", "--threads", "1",
             "--no-tensorboard", "--cache", cache.path, "--results", results.path], in: folder)
        XCTAssertEqual(status, 0, output)
        let specFolder = results.appendingPathComponent("table9_zp")
        let derived = ["table9_zp/table.md", "table9_zp/table.csv", "table9_zp/table.json", "TABLES.md",
                       "table9_zp/runs.csv", "table9_zp/video_pairs.json"]
        var written: [String: Data] = [:]
        for name in derived { written[name] = try Data(contentsOf: results.appendingPathComponent(name)) }
        let markdown = try XCTUnwrap(String(data: written["table9_zp/table.md"]!, encoding: .utf8))
        XCTAssertTrue(markdown.contains("Zero vector"), markdown)
        for row in ["None", "Background vector", "Zero vector"] {  // every run finished: each walkway cell has a number
            XCTAssertNotNil(markdown.range(of: "\\| \(row) \\| (\\*\\*)?[0-9]", options: .regularExpression), markdown)
        }
        XCTAssertTrue(markdown.contains("| walkway (Ped2) | cannot tell") || markdown.contains("| walkway (Ped2) | supports")
                      || markdown.contains("| walkway (Ped2) | contradicts"), "the claim is tested on walkway:\n\(markdown)")

        // Each finished run's record in results/ is the record its evaluation node wrote, as written.
        let plan = try PlanDocument.read(results.appendingPathComponent(PlanDocument.fileName))
        let outcomes = try RunResultsFile.read(from: RunResultsFile.url(in: specFolder))
        XCTAssertEqual(plan.runs.count, 3)
        for run in plan.runs {
            let outcome = try XCTUnwrap(outcomes.runs[run.hash])
            XCTAssertEqual(outcome.status, .done)
            let stored = try RunRecord.read(from: ArtifactCache(root: cache)
                .artifactDirectory(stage: "evaluation", key: run.stageKeys.evaluation).appendingPathComponent(RunRecord.fileName))
            XCTAssertEqual(outcome.record, stored)
            XCTAssertEqual(stored.stageKeys, run.stageKeys)
            XCTAssertNotNil(stored.videoPairs)
        }
        // runs.csv is the same function of the plan and the records.
        XCTAssertEqual(ResultsRendering.runsCSV(spec: "table9_zp", plan: plan, results: outcomes).render(),
                       String(data: written["table9_zp/runs.csv"]!, encoding: .utf8))

        try FileManager.default.removeItem(at: cache)
        for name in derived { try FileManager.default.removeItem(at: results.appendingPathComponent(name)) }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: specFolder.path), [RunResultsFile.fileName])
        let (tablesStatus, tablesOutput) = try F2LMCommand.run(["tables", "--results", results.path], in: folder)
        XCTAssertEqual(tablesStatus, 0, tablesOutput)
        XCTAssertTrue(tablesOutput.contains("rendered 1 table: table9_zp"), tablesOutput)
        for name in ["table9_zp/table.md", "table9_zp/table.csv", "table9_zp/table.json", "TABLES.md"] {
            XCTAssertEqual(try Data(contentsOf: results.appendingPathComponent(name)), written[name],
                           "\(name) differs after f2lm tables")
        }
    }
}
