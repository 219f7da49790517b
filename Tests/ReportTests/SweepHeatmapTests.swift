import Experiments
import Foundation
@testable import JobRunner
@testable import Report
import XCTest

/// The report of a two-axis sweep (grid values as columns) draws one heatmap per dataset beside the table.
final class SweepHeatmapTests: XCTestCase {
    static let spec = "sweep_test"
    static let layout = PaperTableDescription(
        spec: spec, title: "λ × α", rowHeader: "destroyer.lambda", rows: ["2", "4"],
        datasets: [.init(key: "walkway", displayName: "walkway (Ped2)"), .init(key: "plaza", displayName: "plaza (Avenue)")],
        columnHeader: "model.alpha", columns: ["α = 0.2", "α = 1"])

    /// Seeds 0 and 1 of every (row, column) on walkway, AUC = base + seed/100; plaza has no finished run.
    static func records() -> [RunsCSV.Record] {
        var records: [RunsCSV.Record] = []
        for (row, column, base) in [("2", "α = 0.2", 0.70), ("2", "α = 1", 0.80), ("4", "α = 0.2", 0.75), ("4", "α = 1", 0.90)] {
            for seed in 0..<2 {
                records.append(RunsCSV.Record(spec: spec, row: row, column: column, dataset: "walkway", seed: seed,
                                              auc: base + Double(seed) / 100, runHash: "\(row)\(column)\(seed)", status: .done))
                records.append(RunsCSV.Record(spec: spec, row: row, column: column, dataset: "plaza", seed: seed,
                                              runHash: "p\(row)\(column)\(seed)", status: .pending))
            }
        }
        return records
    }

    func testOneHeatmapPerDatasetWithFinishedRunsRowsByColumns() throws {
        let heatmaps = SweepHeatmap.heatmaps(of: PaperTable(description: Self.layout, records: Self.records()))
        XCTAssertEqual(heatmaps.map(\.dataset.key), ["walkway"])
        let heatmap = heatmaps[0].heatmap
        XCTAssertEqual(heatmap.rows, ["2", "4"])
        XCTAssertEqual(heatmap.columns, ["α = 0.2", "α = 1"])
        let means = heatmap.cells.map { $0.map { $0.mean ?? .nan } }
        for (row, expected) in zip(means, [[70.5, 80.5], [75.5, 90.5]]) {
            for (value, target) in zip(row, expected) { XCTAssertEqual(value, target, accuracy: 1e-9) }
        }
        XCTAssertEqual(heatmap.cells[0][0].runs, 2)
        let svg = heatmap.document().render()
        XCTAssertNotNil(SVGInspector.parse(svg))
        for text in ["70.5", "80.5", "75.5", "90.5", "α = 0.2", "model.alpha", "destroyer.lambda"] {
            XCTAssertTrue(svg.contains(">\(text)<"), text)
        }
        // Lowest mean darkest, highest brightest.
        XCTAssertTrue(svg.contains("fill=\"\(SweepHeatmap.color(0))\""))
        XCTAssertTrue(svg.contains("fill=\"\(SweepHeatmap.color(1))\""))
        XCTAssertEqual(SweepHeatmap.color(0), "#440154")
        XCTAssertEqual(SweepHeatmap.color(1), "#FDE725")
    }

    func testATableOfDatasetsAloneHasNoHeatmap() {
        var layout = Self.layout
        layout.columns = nil
        layout.columnHeader = nil
        XCTAssertTrue(SweepHeatmap.heatmaps(of: PaperTable(description: layout, records: Self.records())).isEmpty)
    }

    func testTheReportDrawsTheHeatmapBesideTheTable() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("heatmap-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let results = ResultsFolder(root: root.appendingPathComponent("results"))
        let csv = RunsCSV(records: Self.records())
        try FileManager.default.createDirectory(at: results.specDirectory(Self.spec), withIntermediateDirectories: true)
        try results.writeRuns(csv, spec: Self.spec)
        try results.writeTable(Self.layout, runs: csv)
        let summary = try ReportBuilder(cache: ArtifactCache(root: root.appendingPathComponent("cache")), results: results)
            .write(spec: Self.spec, runs: [])
        XCTAssertTrue(summary.figures.contains("figures/heatmap_walkway.svg"), "\(summary.figures)")
        XCTAssertFalse(summary.figures.contains("figures/heatmap_plaza.svg"))
        let html = try String(contentsOf: summary.page, encoding: .utf8)
        let table = try XCTUnwrap(html.range(of: "id=\"table\""))
        let heatmap = try XCTUnwrap(html.range(of: "figures/heatmap_walkway.svg"))
        let next = html.range(of: "</section>", range: table.upperBound..<html.endIndex)
        XCTAssertLessThan(heatmap.lowerBound, try XCTUnwrap(next).lowerBound, "the heatmap is in the table's section")
        // The seed table keeps the configurations apart.
        XCTAssertTrue(html.contains("2, α = 0.2"))
    }
}
