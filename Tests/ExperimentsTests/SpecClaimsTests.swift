import Foundation
import Metrics
import XCTest
@testable import Experiments

/// `table.claims` and `table.reference` in a spec: rows named by label or key, stored by label, errors located.
final class SpecClaimsTests: XCTestCase {
    static let lambdaSpec = """
        extends: [defaults.yaml]
        datasets: [walkway]
        grid:
          destroyer.lambda: [1, 2, 4]
        table:
          rows: destroyer.lambda
          labels: {1: "λ = 1", 2: "λ = 2", 4: "λ = 4"}
          reference: 4
          claims:
            - "λ = 4 is best"
            - "4 > 2 > λ = 1"
        """

    func testClaimsAndReferenceAreParsedByLabelOrKey() throws {
        let expanded = try Fixtures.expand(Self.lambdaSpec)
        let table = try XCTUnwrap(expanded.spec.table)
        XCTAssertEqual(table.claims, [.best("λ = 4"), .order(["λ = 4", "λ = 2", "λ = 1"])])
        XCTAssertEqual(table.reference, "λ = 4")
        let layout = ResultsLayout.description(of: expanded)
        XCTAssertEqual(layout.claims, table.claims)
        XCTAssertEqual(layout.reference, "λ = 4")
    }

    func testAClaimNamingAMissingRowIsAnErrorAtItsLine() {
        let error = Fixtures.failure(Self.lambdaSpec.replacingOccurrences(of: "4 > 2 > λ = 1", with: "4 > 3"))
        XCTAssertEqual(error?.mark?.line, 11)
        XCTAssertEqual(error?.keyPath, "table.claims[1]")
        XCTAssertTrue(error?.message.contains("no row '3'") ?? false, "\(String(describing: error))")
    }

    func testAClaimWithoutComparisonAndAnUnknownReferenceAreErrors() {
        let noComparison = Fixtures.failure(Self.lambdaSpec.replacingOccurrences(of: "\"λ = 4 is best\"", with: "\"λ = 4\""))
        XCTAssertEqual(noComparison?.keyPath, "table.claims[0]")
        XCTAssertTrue(noComparison?.message.contains("expected '<row> is best'") ?? false)
        let reference = Fixtures.failure(Self.lambdaSpec.replacingOccurrences(of: "reference: 4", with: "reference: 5"))
        XCTAssertEqual(reference?.keyPath, "table.reference")
        XCTAssertEqual(reference?.mark?.line, 8)
    }

    func testEverySpecOfTheRepositoryStatesClaimsOnItsRows() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.experiments)
            .filter { $0.hasSuffix(".yaml") && $0 != "defaults.yaml" }
        XCTAssertFalse(files.isEmpty)
        for file in files {
            let spec = try SpecParser.parse(file: Fixtures.experiments + "/" + file, options: PlanOptions(scale: "smoke"))
            let table = try XCTUnwrap(spec.table, file)
            // Every spec of `make ablation` tests claims (the studies in experiments/studies/, such as
            // implementation_choices, may have only a reference row).
            XCTAssertFalse(table.claims.isEmpty, "\(file) states no claim")
            XCTAssertNotNil(table.reference, "\(file) has no reference row")
        }
    }
}
