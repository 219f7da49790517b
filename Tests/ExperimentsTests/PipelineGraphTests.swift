import F2LM
import Foundation
import XCTest
@testable import Experiments

/// Plan → job graph: one node per distinct stage key, shared across runs and specs.
final class PipelineGraphTests: XCTestCase {
    func specs(_ names: [String]) -> [String] { names.map { Fixtures.experiments + "/" + $0 + ".yaml" } }

    func testTable8SharesOneGeneratorPerDatasetAndSeed() throws {
        let plan = try Plan.load(files: specs(["table8_lambda"]), options: PlanOptions(scale: "smoke"))
        let graph = try PipelineGraph(plan: plan)
        XCTAssertEqual(plan.runs.count, 18)                     // 6 λ × 3 datasets × 1 seed
        XCTAssertEqual(graph.count(.dataset), 3)
        XCTAssertEqual(graph.count(.generator), 3)              // one per dataset and seed, not per row
        XCTAssertEqual(graph.count(.destroyer), 18)
        XCTAssertEqual(graph.count(.evaluation), 18)
        XCTAssertEqual(graph.graph.count, 3 + 3 + 18 + 18 + 18)
        // Every destroyer node of one dataset reads that dataset's single generator node and the dataset.
        let walkwayRuns = plan.runs.filter { $0.dataset == .walkway }
        let generators = Set(walkwayRuns.map { graph.graph.node(forKey: $0.stageKeys.destroyer)!.dependencies })
        XCTAssertEqual(generators, [[walkwayRuns[0].stageKeys.generator, walkwayRuns[0].stageKeys.dataset]])
        // Scoring declares everything it reads: its Destroyer, generator and dataset.
        let run = walkwayRuns[0]
        XCTAssertEqual(graph.graph.node(forKey: run.stageKeys.scores)!.dependencies,
                       [run.stageKeys.destroyer, run.stageKeys.generator, run.stageKeys.dataset])
    }

    func testWholeExperimentSetMatchesThePlanCounts() throws {
        let files = SpecFiles.specs(among: try FileManager.default.contentsOfDirectory(atPath: Fixtures.experiments)
            .filter { $0.hasSuffix(".yaml") }.sorted().map { Fixtures.experiments + "/" + $0 })
        XCTAssertFalse(files.contains { $0.hasSuffix("defaults.yaml") })
        let plan = try Plan.load(files: files, options: PlanOptions(scale: "smoke"))
        let graph = try PipelineGraph(plan: plan)
        for stage in PipelineStage.allCases {
            XCTAssertEqual(graph.count(stage), plan.distinctNodes(stage), "\(stage)")
        }
        XCTAssertEqual(graph.trainedDestroyers, plan.trainedDestroyers)
        XCTAssertLessThan(graph.trainedDestroyers, graph.count(.destroyer))   // Table 9 "None" etc. train none
        XCTAssertLessThan(graph.count(.generator), plan.runs.count)
        XCTAssertEqual(try graph.graph.topologicalOrder().count, graph.graph.count)
    }

    func testWhereAndRowsFilters() throws {
        let plan = try Plan.load(files: specs(["table8_lambda", "table9_zp"]), options: PlanOptions(scale: "smoke"))
        let lambda4 = try RunFilter(where: ["destroyer.lambda=4.0", "dataset=walkway"]).apply(to: plan)
        XCTAssertEqual(lambda4.specs.map(\.spec.name), ["table8_lambda", "table9_zp"])  // table 9 uses λ = 4 too
        XCTAssertTrue(lambda4.runs.allSatisfy { $0.dataset == .walkway && $0.config.destroyer.lambda == 4 })
        XCTAssertEqual(lambda4.specs[0].runs.count, 1)
        let zero = try RunFilter(rows: ["Zero vector"]).apply(to: plan)
        XCTAssertEqual(zero.specs.map(\.spec.name), ["table9_zp"])
        XCTAssertEqual(zero.runs.count, 3)
        let bySpec = try RunFilter(where: ["spec=table9_zp", "seed=0"]).apply(to: plan)
        XCTAssertEqual(bySpec.runs.count, 9)
        let filter = try RunFilter(where: ["destroyer.lamda=4"])
        XCTAssertThrowsError(try filter.validate(against: plan.runs))
        XCTAssertThrowsError(try RunFilter(where: ["no-equals"]))
    }

    func testResultsLayoutOfTable9() throws {
        let plan = try Plan.load(files: specs(["table9_zp"]), options: PlanOptions(scale: "smoke"))
        let layout = ResultsLayout.description(of: plan.specs[0])
        XCTAssertEqual(layout.rows, ["None", "Background vector", "Zero vector"])
        XCTAssertEqual(layout.datasets.map(\.key), ["walkway", "plaza", "campus"])
        XCTAssertEqual(layout.paper["Zero vector"]?["plaza"]?.auc, 91.2)
        XCTAssertNil(layout.paper["Background vector"]?["campus"])
        let record = ResultsLayout.record(of: plan.runs[0], in: plan.specs[0].spec)
        XCTAssertEqual(record.row, "None")
        XCTAssertFalse(record.parameters.contains { $0.key == "seed" })
        XCTAssertTrue(record.parameters.contains { $0.key == "destroyer.enabled" && $0.value == "false" })
        // runs.csv's run_hash is the run hash `f2lm plan` prints, not a stage key, so the two can be matched.
        XCTAssertEqual(record.runHash, plan.runs[0].hash)
        XCTAssertNotEqual(record.runHash, plan.runs[0].stageKeys.evaluation)
    }
}
