import Foundation
import XCTest
@testable import Experiments

final class ResultsPaperTableTests: XCTestCase {
    static let layout = PaperTableDescription(
        spec: "table8_lambda", title: "Table 8: λ in the Destroyer loss", rowHeader: "λ", rows: ["1", "2", "4"],
        datasets: [.init(key: "walkway", displayName: "walkway (Ped2)"), .init(key: "street", displayName: "street (Avenue)")],
        metrics: [.auc, .eer],
        paper: ["1": ["walkway": .init(auc: 97.1, eer: 8.5), "street": .init(auc: 86.2)], "2": ["walkway": .init(auc: 98.0)]],
        gammaOracle: true)

    static func record(_ row: String, _ dataset: String, _ seed: Int, auc: Double? = nil, eer: Double? = nil,
                       status: RunsCSV.Status = .done) -> RunsCSV.Record {
        RunsCSV.Record(spec: "table8_lambda", row: row, dataset: dataset, seed: seed, parameters: [.init("lambda", row)],
                       auc: auc, eer: eer, runHash: "\(row)-\(dataset)-\(seed)", status: status)
    }

    static let runs = RunsCSV(records: [
        record("1", "walkway", 0, auc: 0.95, eer: 0.10), record("1", "walkway", 1, auc: 0.97, eer: 0.12),
        record("2", "walkway", 0, auc: 0.98, eer: 0.05), record("2", "walkway", 1, auc: 0.99, eer: 0.07),
        record("4", "walkway", 0, status: .failed), record("4", "walkway", 1, status: .failed),
        record("1", "street", 0, auc: 0.80, eer: 0.25), record("1", "street", 1, status: .failed),
        record("2", "street", 0, status: .skipped), record("2", "street", 1, status: .skipped),
        // A run of another spec is ignored.
        RunsCSV.Record(spec: "other", row: "1", dataset: "walkway", seed: 0, auc: 0.1, runHash: "z", status: .done),
    ])

    func testMarkdownHasMeanStdBoldBestPaperNumbersAndEER() {
        let table = PaperTable(description: Self.layout, records: Self.runs.records)
        let expected = """
        ## Table 8: λ in the Destroyer loss

        | λ | walkway (Ped2) AUC | paper | walkway (Ped2) EER | paper | street (Avenue) AUC | paper | street (Avenue) EER | paper |
        |:--|--:|--:|--:|--:|--:|--:|--:|--:|
        | 1 | 96.0 ± 1.4 | 97.1 | 11.0 ± 1.4 | 8.5 | **80.0** (1/2) | 86.2 | **25.0** (1/2) | — |
        | 2 | **98.5 ± 0.7** | 98.0 | **6.0 ± 1.4** | — | skipped | — | skipped | — |
        | 4 | failed | — | failed | — | — | — | — | — |

        AUC and EER in %. Ours: mean ± sample std over n = 2 seeds (0, 1) per cell unless shown as (finished/runs); best of ours per column in bold; "paper": the published number.
        γ was chosen on the test set (oracle), as in the paper.

        """
        XCTAssertEqual(table.markdown(), expected)
    }

    func testCellStatistics() {
        let table = PaperTable(description: Self.layout, records: Self.runs.records)
        let cell = table.cell(row: "1", dataset: "walkway", metric: .auc)
        XCTAssertEqual(cell.mean!, 96.0, accuracy: 1e-9)
        // Sample standard deviation of 95 and 97: √((1 + 1) / 1).
        XCTAssertEqual(cell.standardDeviation!, 2.0.squareRoot(), accuracy: 1e-9)
        XCTAssertEqual(table.cell(row: "4", dataset: "street", metric: .auc).state, "missing")
        XCTAssertEqual(table.cell(row: "1", dataset: "street", metric: .auc).state, "partial")
    }

    func testCSVAndAUCOnlyLayout() {
        var layout = Self.layout
        layout.metrics = [.auc]
        layout.gammaOracle = false
        layout.datasets = [layout.datasets[0]]
        let table = PaperTable(description: layout, records: Self.runs.records)
        XCTAssertEqual(table.csv(), """
        row,walkway_auc,walkway_auc_std,walkway_auc_seeds,walkway_auc_paper,walkway_status
        1,96.00,1.41,2,97.10,done
        2,98.50,0.71,2,98.00,done
        4,,,0,,failed

        """)
        let markdown = table.markdown()
        XCTAssertTrue(markdown.contains("| λ | walkway (Ped2) AUC | paper |\n|:--|--:|--:|\n"), markdown)
        XCTAssertTrue(markdown.contains("AUC in %. Ours:"), markdown)
        XCTAssertFalse(markdown.contains("oracle"), markdown)
    }
}
