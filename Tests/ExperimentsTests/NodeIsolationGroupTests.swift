import F2LM
import XCTest
@testable import Experiments

/// `NodeIsolation.groups(of:)`: which nodes of `make ablation`'s plan share a worker process.
final class NodeIsolationGroupTests: XCTestCase {
    func plan() throws -> PipelineGraph {
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.experiments)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        let files = SpecFiles.specs(among: names.map { Fixtures.experiments + "/" + $0 })
        return try PipelineGraph(runs: Plan.load(files: files, options: PlanOptions(scale: "default")).runs)
    }

    func testDatasetIsolationPutsEveryNodeReadingADatasetInItsWorker() throws {
        let graph = try plan()
        let groups = try XCTUnwrap(NodeIsolation.dataset.groups(of: graph))
        XCTAssertEqual(Set(groups.keys), Set(graph.graph.nodes.map(\.key)), "every node has a worker")
        // One worker per dataset node (the three families and walkway at 64 pixels), shared by all its readers.
        XCTAssertEqual(Set(groups.values).count, 4)
        for run in graph.runs {
            let worker = groups[run.stageKeys[.dataset]]
            for stage in PipelineStage.allCases { XCTAssertEqual(groups[run.stageKeys[stage]], worker, "\(stage)") }
        }
    }

    func testGeneratorIsolationKeepsOneWorkerPerGeneratorAndDataset() throws {
        let graph = try plan()
        let groups = try XCTUnwrap(NodeIsolation.generator.groups(of: graph))
        let generators = Set(graph.runs.map { $0.stageKeys[.generator] }), datasets = Set(graph.runs.map { $0.stageKeys[.dataset] })
        XCTAssertEqual(Set(groups.values).count, generators.count + datasets.count)
        for run in graph.runs {
            XCTAssertEqual(groups[run.stageKeys[.scores]], groups[run.stageKeys[.generator]])
            XCTAssertNotEqual(groups[run.stageKeys[.dataset]], groups[run.stageKeys[.generator]])
        }
        XCTAssertNil(NodeIsolation.none.groups(of: graph))
        XCTAssertEqual(Set(try XCTUnwrap(NodeIsolation.node.groups(of: graph)).values).count, graph.graph.nodes.count)
    }
}
