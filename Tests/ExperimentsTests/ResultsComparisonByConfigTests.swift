import Foundation
import XCTest
@testable import Experiments

/// `f2lm compare --by config`: runs aligned by resolved configuration across specs and labels.
final class ResultsComparisonByConfigTests: XCTestCase {
    static let results = URL(fileURLWithPath: Fixtures.experiments).deletingLastPathComponent().appendingPathComponent("results")

    /// Table 8's λ = 4 and Table 7's 32 × 32 are one configuration (defaults: λ = 4, patch 32): the committed results
    /// pair them per dataset over the same seeds, and say so; the other rows of either table are one-sided.
    func testTable8LambdaFourPairsWithTable7ThirtyTwo() throws {
        let lambda = Self.results.appendingPathComponent("table8_lambda/runs.csv")
        let patch = Self.results.appendingPathComponent("table7_patch/runs.csv")
        let comparison = try ResultsComparison(contentsOf: lambda, patch, by: .config)
        let paired = comparison.entries.filter { $0.a != nil && $0.b != nil }
        XCTAssertEqual(paired.map(\.row), ["λ = 4", "λ = 4", "λ = 4"])
        XCTAssertEqual(paired.map(\.dataset), ["walkway", "plaza", "campus"])
        let csvA = try RunsCSV.read(from: lambda).records
        for entry in paired {
            XCTAssertEqual(entry.matchedBy, "config")
            XCTAssertEqual(entry.note, "one configuration: A table8_lambda \"λ = 4\" = B table7_patch \"32 × 32\"")
            // The same runs on both sides: identical AUC, no difference.
            XCTAssertEqual(try XCTUnwrap(entry.difference("auc")), 0, accuracy: 1e-12)
            XCTAssertEqual(entry.a?.finishedRuns, entry.b?.finishedRuns)
            let seeds = csvA.filter { $0.row == "λ = 4" && $0.dataset == entry.dataset && $0.status == .done }.count
            XCTAssertEqual(entry.a?.status, "\(seeds)/\(seeds) done")
        }
        XCTAssertEqual(comparison.entries.filter { $0.b == nil }.count, 5 * 3)  // λ = 1, 2, 3, 5, 6
        XCTAssertEqual(comparison.entries.filter { $0.a == nil }.count, 3 * 3)  // 16, 64, 128
        let text = comparison.render(nameA: "A", nameB: "B")
        XCTAssertTrue(text.contains("aligned by resolved configuration"), text)
        XCTAssertTrue(text.contains("one configuration: A table8_lambda \"λ = 4\" = B table7_patch \"32 × 32\""), text)
        // By row, the two labels never meet.
        let byRow = try ResultsComparison(contentsOf: lambda, patch, by: .row)
        XCTAssertTrue(byRow.entries.allSatisfy { $0.a == nil || $0.b == nil })
    }

    /// Within one file, a configuration listed under two labels is one group (a run hash counted once), and noted.
    func testTwoLabelsOfOneConfigurationInOneFile() throws {
        func record(_ spec: String, _ row: String, _ seed: Int, _ lambda: String, auc: Double) -> RunsCSV.Record {
            RunsCSV.Record(spec: spec, row: row, dataset: "walkway", seed: seed, parameters: [.init("destroyer.lambda", lambda)],
                           auc: auc, runHash: "\(lambda)-\(seed)", status: .done)
        }
        let a = RunsCSV(records: [record("t8", "λ = 4", 0, "4", auc: 0.8), record("t8", "λ = 4", 1, "4", auc: 0.9),
                                  record("t7", "32", 0, "4", auc: 0.8), record("t8", "λ = 2", 0, "2", auc: 0.7)])
        let b = RunsCSV(records: [record("t8", "λ = 4", 0, "4", auc: 0.8), record("t8", "λ = 4", 1, "4", auc: 0.9)])
        let comparison = ResultsComparison(a, b, by: .config)
        XCTAssertEqual(comparison.entries.count, 2)
        let first = comparison.entries[0]
        XCTAssertEqual(first.a?.status, "2/2 done")
        XCTAssertEqual(try XCTUnwrap(first.a?.metrics["auc"]), 0.85, accuracy: 1e-12)
        XCTAssertEqual(first.note, "one configuration: A t8 \"λ = 4\" = t7 \"32\" = B t8 \"λ = 4\"")
        XCTAssertEqual(comparison.entries[1].row, "λ = 2")
        XCTAssertNil(comparison.entries[1].b)
        XCTAssertEqual(comparison.entries[1].note, "")
    }
}
