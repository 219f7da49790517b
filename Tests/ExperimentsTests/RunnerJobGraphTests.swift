@testable import Experiments
@testable import JobRunner
import XCTest

final class RunnerJobGraphTests: XCTestCase {
    func testDeduplicatesByKeyAndCountsStages() throws {
        var graph = JobGraph()
        // Two runs sharing dataset and generator (as Table 8's λ rows do), differing in the destroyer.
        for lambda in ["1", "2"] {
            try graph.add(JobNode(key: "d0", stage: "dataset", label: "walkway"))
            try graph.add(JobNode(key: "g0", stage: "generator", dependencies: ["d0"], label: "gen"))
            try graph.add(JobNode(key: "x\(lambda)", stage: "destroyer", dependencies: ["g0"], label: "λ=\(lambda)"))
        }
        XCTAssertEqual(graph.count, 4)
        XCTAssertEqual(graph.countByStage, ["dataset": 1, "generator": 1, "destroyer": 2])
        XCTAssertFalse(try graph.add(JobNode(key: "g0", stage: "generator", dependencies: ["d0"], label: "again")))
        XCTAssertEqual(graph.dependants(of: "g0"), ["x1", "x2"])
    }

    func testConflictingNodeWithSameKeyThrows() throws {
        var graph = JobGraph()
        try graph.add(JobNode(key: "a", stage: "dataset", label: "a"))
        XCTAssertThrowsError(try graph.add(JobNode(key: "a", stage: "generator", label: "a"))) {
            XCTAssertEqual($0 as? JobGraphError, .conflictingNode(key: "a"))
        }
        XCTAssertThrowsError(try graph.add(JobNode(key: "../evil", stage: "dataset", label: "x"))) {
            XCTAssertEqual($0 as? JobGraphError, .invalidName("../evil"))
        }
        XCTAssertThrowsError(try graph.add(JobNode(key: "b", stage: "locks", label: "x")))
    }

    func testMissingDependencyAndCycleAreReported() throws {
        XCTAssertThrowsError(try JobGraph(nodes: [JobNode(key: "a", stage: "scores", dependencies: ["zz"], label: "a")])) {
            XCTAssertEqual($0 as? JobGraphError, .missingDependency(node: "a", dependency: "zz"))
        }
        XCTAssertThrowsError(try JobGraph(nodes: [
            JobNode(key: "a", stage: "s", dependencies: ["c"], label: "a"),
            JobNode(key: "b", stage: "s", dependencies: ["a"], label: "b"),
            JobNode(key: "c", stage: "s", dependencies: ["b"], label: "c"),
        ])) { error in
            guard case .cycle(let keys)? = error as? JobGraphError else { return XCTFail("expected a cycle, got \(error)") }
            XCTAssertEqual(keys.first, keys.last)
            XCTAssertEqual(Set(keys), ["a", "b", "c"])
        }
    }

    func testTopologicalOrderPutsDependenciesFirst() throws {
        let graph = try JobGraph(nodes: [
            JobNode(key: "e", stage: "evaluation", dependencies: ["s"], label: "e"),
            JobNode(key: "s", stage: "scores", dependencies: ["g", "d"], label: "s"),
            JobNode(key: "g", stage: "generator", dependencies: ["d"], label: "g"),
            JobNode(key: "d", stage: "dataset", label: "d"),
        ])
        XCTAssertEqual(try graph.topologicalOrder().map(\.key), ["d", "g", "s", "e"])
    }
}
