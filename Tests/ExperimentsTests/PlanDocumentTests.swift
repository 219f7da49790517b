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
}
