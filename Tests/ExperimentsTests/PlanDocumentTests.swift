import F2LM
import Foundation
import XCTest
@testable import Experiments

final class PlanDocumentTests: XCTestCase {
    /// table8 at the smoke scale, filtered to walkway and λ = 4.
    func filteredPlan() throws -> Plan {
        let plan = try Plan.load(files: [Fixtures.experiments + "/table8_lambda.yaml"], options: PlanOptions(scale: "smoke"))
        let filter = try RunFilter(where: ["dataset=walkway", "destroyer.lambda=4"], rows: [])
        return filter.apply(to: plan)
    }

    func testTheDocumentGivesBackTheFilteredRunsAndGraphWithoutThePlanFiles() throws {
        let plan = try filteredPlan()
        XCTAssertEqual(plan.runs.count, 1)
        let document = try PlanDocument(runs: plan.runs, files: ["table8_lambda.yaml"],
                                        options: PlanOptions(scale: "smoke"), conditions: ["dataset=walkway"])
        let url = URL(fileURLWithPath: NSTemporaryDirectory() + "plan-\(UUID().uuidString)/plan.json")
        try document.write(to: url)
        let read = try PlanDocument.read(url)
        XCTAssertEqual(read, document)
        XCTAssertEqual(read.version, PlanDocument.currentVersion)
        XCTAssertEqual(try read.plannedRuns(), plan.runs)
        // One node per stage, each with its inputs and the parameters of its own stage only.
        XCTAssertEqual(read.nodes.map(\.stage), ["dataset", "generator", "destroyer", "scores", "evaluation"])
        XCTAssertEqual(read.nodes.map(\.key), PipelineStage.allCases.map { plan.runs[0].stageKeys[$0] })
        XCTAssertEqual(read.nodes[1].inputs, [read.nodes[0].key])
        XCTAssertEqual(read.nodes[2].view["destroyer.lambda"], "4")
        XCTAssertNil(read.nodes[1].view["destroyer.lambda"])
        XCTAssertEqual(read.nodes[4].view["score.gamma"], "[0.02,0.5,0.48,1]")
        // A Slurm source made of it rebuilds exactly the filtered graph.
        let (graph, _) = try SlurmPipelineSource.plan(read).load { runs in
            let pipeline = try PipelineGraph(runs: runs)
            return (pipeline.graph, PipelineExecutor(graph: pipeline))
        }
        XCTAssertEqual(graph.nodes.map(\.key), read.nodes.map(\.key))
    }

    func testADocumentOfAnotherVersionOrWithOtherKeysIsRefused() throws {
        let plan = try filteredPlan()
        var document = try PlanDocument(runs: plan.runs, files: [], options: PlanOptions(scale: "smoke"))
        let folder = NSTemporaryDirectory() + "plan-\(UUID().uuidString)"
        let url = URL(fileURLWithPath: folder + "/plan.json")
        document.version = 99
        try document.write(to: url)
        XCTAssertThrowsError(try PlanDocument.read(url)) { error in
            XCTAssertTrue("\(error)".contains("plan version 99"), "\(error)")
        }
        document.version = PlanDocument.currentVersion
        document.runs[0].config.destroyer.lambda = 5     // keys recorded for λ = 4
        XCTAssertThrowsError(try document.plannedRuns()) { error in
            XCTAssertTrue("\(error)".contains("make the plan again"), "\(error)")
        }
    }

    /// A results folder's plan.json keeps every spec's latest plan: writing table9's plan keeps table8's runs and
    /// nodes; re-planning table8 with another filter replaces table8's runs only; a stale run of another spec (keys
    /// this code computes differently) is dropped rather than kept.
    func testWritingMergesTheOtherSpecsOfTheResultsFolder() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory() + "plan-\(UUID().uuidString)")
        let options = PlanOptions(scale: "smoke")
        let table8 = try filteredPlan()
        try PlanDocument(runs: table8.runs, files: ["/x/table8_lambda.yaml"], options: options).writeMerging(into: folder)
        let table9 = try Plan.load(files: [Fixtures.experiments + "/table9_zp.yaml"], options: options)
        try PlanDocument(runs: table9.runs, files: ["/x/table9_zp.yaml"], options: options).writeMerging(into: folder)
        var both = try PlanDocument.read(folder.appendingPathComponent("plan.json"))
        XCTAssertEqual(both.runs.count, table9.runs.count + 1)
        XCTAssertEqual(Set(both.runs.map(\.spec)), ["table8_lambda", "table9_zp"])
        XCTAssertEqual(both.files, ["/x/table9_zp.yaml", "/x/table8_lambda.yaml"])
        let planned = try both.plannedRuns()
        XCTAssertEqual(Set(both.nodes.map(\.key)), Set(try PipelineGraph(runs: planned).graph.nodes.map(\.key)))

        // table8 again, now λ = 2 on plaza: its old selection goes, table9 stays.
        let all8 = try Plan.load(files: [Fixtures.experiments + "/table8_lambda.yaml"], options: options)
        let other = try RunFilter(where: ["dataset=plaza", "destroyer.lambda=2"], rows: []).apply(to: all8)
        try PlanDocument(runs: other.runs, files: ["/x/table8_lambda.yaml"], options: options).writeMerging(into: folder)
        both = try PlanDocument.read(folder.appendingPathComponent("plan.json"))
        XCTAssertEqual(both.runs.filter { $0.spec == "table8_lambda" }.map(\.hash), other.runs.map(\.hash))
        XCTAssertEqual(both.runs.filter { $0.spec == "table9_zp" }.count, table9.runs.count)

        // A run whose recorded keys this code does not compute is not carried over.
        var stale = both
        stale.runs = stale.runs.map { run in
            var run = run
            if run.spec == "table9_zp" { run.config.destroyer.lambda = 5 }
            return run
        }
        let merged = try PlanDocument(runs: other.runs, files: [], options: options).merged(keepingOtherSpecsOf: stale)
        XCTAssertEqual(merged.runs.map(\.spec), other.runs.map(\.specName))
    }

    /// The plan of a results folder carries what the tables are rendered from besides the run records: each spec's
    /// table layout and each run's row and column label in results/ (the same as runs.csv's); merging keeps the
    /// other specs' layouts, and the layouts survive the JSON round trip unchanged.
    func testThePlanCarriesTheTableLayoutsAndResultsLabels() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory() + "plan-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let options = PlanOptions(scale: "smoke")
        let table8 = try filteredPlan()
        let table9 = try Plan.load(files: [Fixtures.experiments + "/table9_zp.yaml"], options: options)
        try PlanDocument(plan: table8, files: ["/x/table8_lambda.yaml"], options: options).writeMerging(into: folder)
        let document = try PlanDocument(plan: table9, files: ["/x/table9_zp.yaml"], options: options)
        try document.writeMerging(into: folder)
        let read = try PlanDocument.read(folder.appendingPathComponent("plan.json"))
        XCTAssertEqual(read.tables?.map(\.spec).sorted(), ["table8_lambda", "table9_zp"])
        XCTAssertEqual(read.table(spec: "table9_zp"), ResultsLayout.description(of: table9.specs[0]))
        XCTAssertEqual(read.table(spec: "table8_lambda"), ResultsLayout.description(of: table8.specs[0]))
        for expanded in table8.specs + table9.specs {
            for run in expanded.runs {
                let stored = try XCTUnwrap(read.runs.first { $0.hash == run.hash && $0.spec == run.specName })
                XCTAssertEqual(stored.pendingRecord, ResultsLayout.record(of: run, in: expanded.spec))
            }
        }
        // A document without layouts (made from runs alone) renders no table.
        XCTAssertNil(try PlanDocument(runs: table9.runs, files: [], options: options).table(spec: "table9_zp"))
    }
}
