@testable import Experiments
import F2LM
import Foundation
import XCTest
@testable import YAML

/// A two-axis sweep renders truthfully: every grid axis is on the rows, on the columns, or pooled on purpose; each
/// cell holds one configuration's seeds otherwise; committed specs plan and lay out their tables as before.
final class SpecSweepTableTests: XCTestCase {
    /// The issue's sweep, with `table` lines appended.
    static func sweep(_ table: String) -> String {
        """
        extends: [defaults.yaml]
        datasets: [walkway, plaza]
        grid: {destroyer.lambda: [2, 4], model.alpha: [0.2, 1.0]}
        seeds: [0, 1]
        table: {\(table), metrics: [auc, eer]}
        """
    }

    func testAnAxisOnNeitherRowsNorColumnsIsAnErrorAtTheGridKey() throws {
        let error = try XCTUnwrap(Fixtures.failure(Self.sweep("rows: destroyer.lambda")))
        XCTAssertEqual(error.message, "grid axis model.alpha varies within a table row: add it to table.rows, "
                       + "table.columns or table.average")
        XCTAssertEqual(error.mark?.line, 3)
        XCTAssertEqual(error.mark?.column, 34)  // `model.alpha` inside the grid mapping
        XCTAssertEqual(error.keyPath, "grid.model.alpha")
    }

    func testVariantsOffTheRowsAreAnError() throws {
        let error = try XCTUnwrap(Fixtures.failure("""
        extends: [defaults.yaml]
        datasets: [walkway]
        grid: {destroyer.lambda: [2, 4]}
        variants: [{label: A}, {label: B, set: {model.fusion: add}}]
        table: {rows: destroyer.lambda}
        """))
        XCTAssertTrue(error.message.hasPrefix("the variants vary within a table row: add variant to table.rows"), error.message)
        XCTAssertEqual(error.mark?.line, 4)
    }

    func testAxisPlacedTwiceOrUnknownIsAnError() throws {
        let twice = try XCTUnwrap(Fixtures.failure(Self.sweep("rows: [destroyer.lambda, model.alpha], columns: model.alpha")))
        XCTAssertTrue(twice.message.contains("'model.alpha' is already in table.rows"), twice.message)
        let unknown = try XCTUnwrap(Fixtures.failure(Self.sweep("rows: destroyer.lambda, average: [model.alfa]")))
        XCTAssertTrue(unknown.message.contains("found 'model.alfa'") && unknown.message.contains("model.alpha"), unknown.message)
        XCTAssertEqual(unknown.keyPath, "table.average[0]")
    }

    func testTwoRowAxesPlanFourRowsLabelledByEveryKey() throws {
        let expanded = try Fixtures.expand(Self.sweep("rows: [destroyer.lambda, model.alpha]"))
        let table = try XCTUnwrap(expanded.spec.table)
        XCTAssertEqual(table.rowKeys, ["2, 0.2", "2, 1", "4, 0.2", "4, 1"])
        let layout = ResultsLayout.description(of: expanded)
        XCTAssertEqual(layout.rows, ["destroyer.lambda=2, model.alpha=0.2", "destroyer.lambda=2, model.alpha=1",
                                     "destroyer.lambda=4, model.alpha=0.2", "destroyer.lambda=4, model.alpha=1"])
        XCTAssertEqual(layout.rowHeader, "destroyer.lambda, model.alpha")
        XCTAssertNil(layout.columns)
        let records = expanded.runs.map { ResultsLayout.record(of: $0, in: expanded.spec) }
        XCTAssertEqual(records.count, 2 * 4 * 2)
        Self.assertUniqueCells(records)
        // Each table row holds one configuration per dataset.
        for row in layout.rows {
            let walkway = records.filter { $0.row == row && $0.dataset == "walkway" }
            XCTAssertEqual(walkway.count, 2)
            XCTAssertEqual(Set(walkway.map(\.parameters)).count, 1, row)
        }
        let run = try XCTUnwrap(expanded.runs.first { $0.rowKey == "4, 0.2" })
        XCTAssertEqual(run.config.destroyer.lambda, 4)
        XCTAssertEqual(run.config.model.alpha, 0.2)
    }

    func testPerAxisLabelsNameTheRowsAndColumns() throws {
        let expanded = try Fixtures.expand(Self.sweep("rows: destroyer.lambda, columns: model.alpha, "
                                                      + "labels: {destroyer.lambda: {2: \"λ = 2\", 4: \"λ = 4\"}, model.alpha: {0.2: \"α = 0.2\"}}"))
        let layout = ResultsLayout.description(of: expanded)
        XCTAssertEqual(layout.rows, ["λ = 2", "λ = 4"])
        XCTAssertEqual(layout.columns, ["α = 0.2", "model.alpha=1"])
        XCTAssertEqual(layout.columnHeader, "model.alpha")
        XCTAssertEqual(expanded.runs[0].label, "λ = 2, α = 0.2")
    }

    func testColumnsGiveATwoByTwoTablePerDatasetOfSingleConfigurationCells() throws {
        let expanded = try Fixtures.expand(Self.sweep("rows: destroyer.lambda, columns: model.alpha"))
        let layout = ResultsLayout.description(of: expanded)
        XCTAssertEqual(layout.rows, ["2", "4"])
        XCTAssertEqual(layout.columns, ["model.alpha=0.2", "model.alpha=1"])
        var records = expanded.runs.map { ResultsLayout.record(of: $0, in: expanded.spec) }
        Self.assertUniqueCells(records)
        // AUC encodes the configuration: λ/10 + α/100 + seed/500, so a cell mixing configurations shows it.
        for index in records.indices {
            let run = expanded.runs[index]
            records[index].auc = run.config.destroyer.lambda / 10 + run.config.model.alpha / 100 + Double(run.seed) / 500
            records[index].eer = 0.1
            records[index].status = .done
        }
        // The file keeps the column through a write and a read.
        let reread = try RunsCSV.parse(RunsCSV(records: records).render(), file: "runs.csv")
        XCTAssertEqual(reread.records.map(\.column), records.map(\.column))
        XCTAssertEqual(reread.records.map(\.row), records.map(\.row))
        XCTAssertEqual(reread.records.map(\.dataset), records.map(\.dataset))

        let table = PaperTable(description: layout, records: reread.records)
        for dataset in ["walkway", "plaza"] {
            for (row, lambda) in [("2", 2.0), ("4", 4.0)] {
                for (column, alpha) in [("model.alpha=0.2", 0.2), ("model.alpha=1", 1.0)] {
                    let cell = table.cell(row: row, column: column, dataset: dataset, metric: .auc)
                    XCTAssertEqual(cell.runs, 2)
                    XCTAssertEqual(cell.finished, 2)
                    let expected = (lambda / 10 + alpha / 100 + 0.001) * 100
                    XCTAssertEqual(try XCTUnwrap(cell.mean), expected, accuracy: 1e-9)
                    // Seeds 0 and 1 only: the spread is the seeds' (0.2 points), not α's or λ's.
                    XCTAssertEqual(try XCTUnwrap(cell.standardDeviation), 0.2 / 2.0.squareRoot(), accuracy: 1e-9)
                    let members = reread.records.filter { $0.row == row && $0.column == column && $0.dataset == dataset }
                    XCTAssertEqual(Set(members.map(\.parameters)).count, 1)
                }
            }
        }
        let markdown = table.markdown()
        XCTAssertTrue(markdown.contains("| destroyer.lambda | walkway (Ped2) model.alpha=0.2 AUC | walkway (Ped2) model.alpha=0.2 EER | "
                                        + "walkway (Ped2) model.alpha=1 AUC |"), markdown)
        XCTAssertTrue(markdown.contains("| 2 | 20.3 ± 0.1 | **10.0 ± 0.0** | 21.1 ± 0.1 | **10.0 ± 0.0** |"), markdown)
        XCTAssertFalse(markdown.contains("paper |"))
        let csv = table.csv()
        XCTAssertTrue(csv.hasPrefix("row,walkway_model.alpha=0.2_auc,"), csv)
        XCTAssertTrue(csv.contains("plaza_model.alpha=1_status"))
    }

    /// Claims and the reference row are tested within each (dataset, column), never across the column's values:
    /// λ = 4 beats λ = 2 at α = 0.2 and loses at α = 1.
    func testClaimsAreTestedWithinEachColumn() throws {
        let layout = PaperTableDescription(
            spec: "sweep", title: "λ × α", rowHeader: "destroyer.lambda", rows: ["2", "4"],
            datasets: [.init(key: "walkway", displayName: "walkway (Ped2)")], claims: [.order(["4", "2"])], reference: "4",
            columnHeader: "model.alpha", columns: ["α = 0.2", "α = 1"])
        var records: [RunsCSV.Record] = []
        var pairs = VideoPairsFile()
        for (index, (row, column, signal)) in [("2", "α = 0.2", 0.1), ("4", "α = 0.2", 0.7),
                                               ("2", "α = 1", 0.7), ("4", "α = 1", 0.1)].enumerated() {
            for seed in 0..<3 {
                let counts = try ResultsVerdictTests.counts(signal: signal, seed: UInt64(100 * index + seed))
                let hash = "\(row)-\(column)-\(seed)"
                records.append(RunsCSV.Record(spec: "sweep", row: row, column: column, dataset: "walkway", seed: seed,
                                              auc: counts.auc, runHash: hash, status: .done))
                pairs.runs[hash] = counts
            }
        }
        let table = PaperTable(description: layout, records: records, pairs: pairs)
        XCTAssertEqual(table.verdicts.claims.map(\.dataset), ["walkway · α = 0.2", "walkway · α = 1"])
        XCTAssertEqual(table.verdicts.claims.map(\.verdict.verdict), [.supports, .contradicts])
        XCTAssertEqual(table.referenceMark(row: "2", column: "α = 0.2", dataset: "walkway"), " ▼")
        XCTAssertEqual(table.referenceMark(row: "2", column: "α = 1", dataset: "walkway"), " ▲")
        let markdown = table.markdown()
        XCTAssertTrue(markdown.contains("| 4 > 2 | walkway (Ped2), α = 1 | **contradicts** |"), markdown)
    }

    func testAveragePoolsOnPurposeSaysSoAndKeepsRunsCSVUnique() throws {
        let expanded = try Fixtures.expand(Self.sweep("rows: destroyer.lambda, average: [model.alpha]"))
        let layout = ResultsLayout.description(of: expanded)
        XCTAssertEqual(layout.rows, ["2", "4"])
        XCTAssertEqual(layout.pooledRows?["2"], ["2, model.alpha=0.2", "2, model.alpha=1"])
        var records = expanded.runs.map { ResultsLayout.record(of: $0, in: expanded.spec) }
        Self.assertUniqueCells(records)
        for index in records.indices {
            records[index].auc = expanded.runs[index].config.model.alpha
            records[index].status = .done
        }
        let table = PaperTable(description: layout, records: records)
        let cell = table.cell(row: "2", dataset: "walkway", metric: .auc)
        XCTAssertEqual(cell.runs, 4)
        XCTAssertEqual(try XCTUnwrap(cell.mean), 60, accuracy: 1e-9)
        let markdown = table.markdown()
        XCTAssertTrue(markdown.contains("n = 2 seeds (0, 1) × 2 pooled configurations per cell"), markdown)
        XCTAssertTrue(markdown.contains("Each cell pools model.alpha ∈ {0.2, 1} on purpose (table.average)"), markdown)
    }

    func testClaimsOverPooledRowsAreRefused() throws {
        let error = try XCTUnwrap(Fixtures.failure(Self.sweep("rows: destroyer.lambda, average: model.alpha, reference: 4")))
        XCTAssertEqual(error.keyPath, "table.average")
        XCTAssertTrue(error.message.contains("several configurations per seed"), error.message)
    }

    func testPaperNumbersNeedDatasetColumns() throws {
        let error = try XCTUnwrap(Fixtures.failure(Self.sweep("rows: destroyer.lambda, columns: model.alpha, paper: {2: [1, 2]}")))
        XCTAssertEqual(error.keyPath, "table.paper")
    }

    /// The committed specs of `make ablation` plan the runs, row labels and tables their committed results hold.
    func testCommittedSpecsPlanTheirCommittedRunsAndTables() throws {
        let root = URL(fileURLWithPath: Fixtures.experiments).deletingLastPathComponent()
        let plan = try JSONDecoder().decode(PlanDocument.self, from: Data(contentsOf: root.appendingPathComponent("results/plan.json")))
        XCTAssertFalse(plan.files.isEmpty)
        for file in plan.files {
            let path = Fixtures.experiments + "/" + file.components(separatedBy: "/experiments/").last!
            let expanded = try SpecExpander.expand(SpecParser.parse(file: path, options: PlanOptions(scale: plan.scale)))
            let folder = root.appendingPathComponent("results/\(expanded.spec.name)")
            let committed = try RunsCSV.read(from: folder.appendingPathComponent("runs.csv")).records
            let planned = expanded.runs.map { ResultsLayout.record(of: $0, in: expanded.spec) }
            func identity(_ records: [RunsCSV.Record]) -> [String] {
                records.map { "\($0.row)|\($0.column ?? "")|\($0.dataset)|\($0.seed)|\($0.runHash)" }
            }
            XCTAssertEqual(identity(planned), identity(committed), expanded.spec.name)
            var table = try PaperTableDescription.read(from: folder.appendingPathComponent("table.json"))
            table.verdicts = nil
            XCTAssertEqual(ResultsLayout.description(of: expanded), table, expanded.spec.name)
        }
    }

    /// No two records share (row, column, dataset, seed).
    static func assertUniqueCells(_ records: [RunsCSV.Record], file: StaticString = #filePath, line: UInt = #line) {
        let keys = records.map { "\($0.row)|\($0.column ?? "")|\($0.dataset)|\($0.seed)" }
        XCTAssertEqual(Set(keys).count, keys.count, file: file, line: line)
    }
}
