import XCTest
@testable import Report

final class TrainingLogTests: XCTestCase {
    func testParsesLossesAndSkipsSpeed() throws {
        let log = try TrainingLog(csv: "step,generator,discriminator,steps_per_second\n1,2.5,0.7,3.1\n2,2.0,,3.0\n", file: "log.csv")
        XCTAssertEqual(log.steps, [1, 2])
        XCTAssertEqual(log.losses.map(\.name), ["generator", "discriminator"])
        XCTAssertTrue(log.losses[1].values[1].isNaN)
        let svg = try XCTUnwrap(SVGInspector.parse(log.plot(title: "gen").document().render()))
        XCTAssertEqual(svg.elements(withClass: "series").count, 2)
    }

    func testErrorsNameFileAndLine() {
        XCTAssertThrowsError(try TrainingLog(csv: "loss\n1\n", file: "t.csv")) { error in
            XCTAssertEqual((error as? ReportError)?.description, "t.csv:1: no 'step' column in the header 'loss'")
        }
        XCTAssertThrowsError(try TrainingLog(csv: "step,loss\n1,2\nx,3\n", file: "t.csv")) { error in
            XCTAssertEqual((error as? ReportError)?.description, "t.csv:3: step 'x' is not a number")
        }
        XCTAssertThrowsError(try TrainingLog(csv: "step,loss\n1\n", file: "t.csv"))
    }
}
