import XCTest
import Report

final class ReportNumericsTests: XCTestCase {
    /// The report follows the generators' records: all portable → portable; none → native; both → mixed (native,
    /// with a note); generators without the field do not vote.
    func testTheChoiceFollowsWhatTheGeneratorsRecorded() {
        XCTAssertEqual(ReportNumerics.choice(recorded: [true, true]), .portable)
        XCTAssertEqual(ReportNumerics.choice(recorded: [true, nil]), .portable)
        XCTAssertEqual(ReportNumerics.choice(recorded: [false, false]), .native)
        XCTAssertEqual(ReportNumerics.choice(recorded: [false, nil]), .native)
        XCTAssertEqual(ReportNumerics.choice(recorded: [nil, nil]), .native)
        XCTAssertEqual(ReportNumerics.choice(recorded: []), .native)
        XCTAssertEqual(ReportNumerics.choice(recorded: [true, false]), .mixed)
    }
}
