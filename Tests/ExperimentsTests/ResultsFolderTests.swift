import Foundation
import XCTest
@testable import Experiments

final class ResultsFolderTests: XCTestCase {
    func testTablesRerenderIdenticallyFromResultsAlone() throws {
        let folder = ResultsFolder(root: makeScratchFolder(self))
        let lambda = ResultsPaperTableTests.layout
        let fusion = PaperTableDescription(
            spec: "table4_fusion", title: "Table 4: fusion", rowHeader: "fusion", rows: ["SE", "Add"],
            datasets: [.init(key: "walkway", displayName: "walkway (Ped2)")],
            paper: ["SE": ["walkway": .init(auc: 99.0)]])
        let custom = PaperTableDescription(spec: "a_custom_sweep", title: "Custom sweep", rows: ["x"],
                                           datasets: [.init(key: "campus", displayName: "campus (ShanghaiTech)")])
        let fusionRuns = RunsCSV(records: [
            RunsCSV.Record(spec: "table4_fusion", row: "SE", dataset: "walkway", seed: 0, auc: 0.97, runHash: "a", status: .done),
            RunsCSV.Record(spec: "table4_fusion", row: "Add", dataset: "walkway", seed: 0, auc: 0.95, runHash: "b", status: .done),
        ])
        let customRuns = RunsCSV(records: [
            RunsCSV.Record(spec: "a_custom_sweep", row: "x", dataset: "campus", seed: 3, runHash: "c", status: .pending),
        ])
        var tables: [PaperTable] = []
        for (layout, runs) in [(lambda, ResultsPaperTableTests.runs), (custom, customRuns), (fusion, fusionRuns)] {
            try folder.writeRuns(runs, spec: layout.spec)
            tables.append(try folder.writeTable(layout, runs: runs))
        }
        let provenance = TablesProvenance(scale: "smoke", date: "2026-11-25", commit: "abc1234")
        try folder.writeIndex(tables: tables, provenance: provenance)

        let files = ["TABLES.md"] + ["table8_lambda", "table4_fusion", "a_custom_sweep"].flatMap {
            ["\($0)/table.md", "\($0)/table.csv", "\($0)/table.json"]
        }
        func snapshot() throws -> [String] {
            try files.map { try String(contentsOf: folder.root.appendingPathComponent($0), encoding: .utf8) }
        }
        let before = try snapshot()
        let index = before[0]
        XCTAssertTrue(index.hasPrefix("""
            # Results: F2LM + Destroyer ablation

            Scale: smoke · datasets: walkway (Ped2), street (Avenue), campus (ShanghaiTech) · date: 2026-11-25 · commit: abc1234

            ## Table 4: fusion
            """), index)
        let order = ["## Table 4: fusion", "## Table 8: λ", "## Custom sweep"].map { index.range(of: $0)!.lowerBound }
        XCTAssertEqual(order, order.sorted(), "paper order first, unknown specs after")
        XCTAssertTrue(index.contains("| SE | **97.0** | 99.0 |"), index)

        // Remove the rendered files and re-render from runs.csv + table.json (+ TABLES.json) alone.
        for file in files where !file.hasSuffix(".json") {
            try FileManager.default.removeItem(at: folder.root.appendingPathComponent(file))
        }
        let specs = try folder.rerenderAll()
        XCTAssertEqual(specs, ["table4_fusion", "table8_lambda", "a_custom_sweep"])
        XCTAssertEqual(try snapshot(), before)
    }

    func testMissingResultsFolderIsAnErrorNamingIt() {
        let folder = ResultsFolder(root: URL(fileURLWithPath: "/nonexistent/results-\(UInt32.random(in: 0...UInt32.max))"))
        XCTAssertThrowsError(try folder.rerenderAll()) {
            XCTAssertTrue("\($0)".contains(folder.root.path), "\($0)")
        }
    }
}
