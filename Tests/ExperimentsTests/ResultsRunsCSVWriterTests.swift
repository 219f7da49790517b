import Foundation
import XCTest
@testable import Experiments

final class ResultsRunsCSVWriterTests: XCTestCase {
    func testUpdatesRewriteTheFileWithStableColumnsFromWorkerThreads() throws {
        let url = RunsCSV.url(results: makeScratchFolder(self), spec: "table5_alpha")
        let records = (0..<20).map {
            RunsCSV.Record(spec: "table5_alpha", row: "α=\($0 % 5)", dataset: "walkway", seed: $0 / 5,
                           parameters: [.init("alpha", String($0 % 5))], runHash: "h\($0)", status: .pending)
        }
        let writer = try RunsCSVWriter(url: url, records: records)
        let header = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").first
        DispatchQueue.concurrentPerform(iterations: 20) { index in
            _ = try! writer.update(runHash: "h\(index)") {
                $0.auc = 0.5 + Double(index) / 100
                $0.stageSeconds["evaluation"] = 0.25
                $0.status = .done
            }
        }
        XCTAssertFalse(try writer.update(runHash: "nope") { $0.status = .failed })
        let back = try RunsCSV.read(from: url)
        XCTAssertEqual(back.render(), writer.current.render(), "the file holds every update (6-decimal metrics)")
        XCTAssertEqual(back.records.map(\.runHash), records.map(\.runHash), "rows keep their order")
        XCTAssertTrue(back.records.allSatisfy { $0.status == .done })
        XCTAssertEqual(back.records[7].auc!, 0.57, accuracy: 1e-12)
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8).split(separator: "\n").first, header)
    }

    func testRoutingExecutorSendsNodesByStage() throws {
        let cache = ArtifactCache(root: makeScratchFolder(self))
        let seen = Shared<[String]>([])
        let executor = RoutingExecutor([
            "dataset": { node, _ in seen.withValue { $0.append("dataset \(node.key)") } },
            "generator": { node, context in
                XCTAssertNotNil(context.dependencyDirectory(stage: "dataset"))
                seen.withValue { $0.append("generator \(node.key)") }
            },
        ])
        let graph = try JobGraph(nodes: [
            JobNode(key: "d", stage: "dataset", label: "d"),
            JobNode(key: "g", stage: "generator", dependencies: ["d"], label: "g"),
            JobNode(key: "x", stage: "destroyer", dependencies: ["g"], label: "x"),
        ])
        let summary = try Scheduler(cache: cache, executor: executor).run(graph)
        XCTAssertEqual(seen.current, ["dataset d", "generator g"])
        XCTAssertEqual(summary.outcome(forKey: "x")?.status, .failed)
        XCTAssertEqual(summary.outcome(forKey: "x")?.reason, "no executor for stage 'destroyer'")
    }
}
