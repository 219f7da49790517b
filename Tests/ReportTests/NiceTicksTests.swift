import XCTest
@testable import Report

final class NiceTicksTests: XCTestCase {
    func testUnitRange() {
        let ticks = NiceTicks(minimum: 0, maximum: 0.93)
        XCTAssertEqual(ticks.step, 0.2, accuracy: 1e-12)
        XCTAssertEqual(ticks.values.count, 6)
        XCTAssertEqual(ticks.values.last!, 1, accuracy: 1e-12)
        XCTAssertEqual(ticks.values.map(ticks.label), ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    }

    func testLargeRangeUsesRoundIntegers() {
        let ticks = NiceTicks(minimum: 3, maximum: 1037, targetCount: 6)
        XCTAssertEqual(ticks.step, 200)
        XCTAssertEqual(ticks.lower, 0)
        XCTAssertEqual(ticks.upper, 1200)
        XCTAssertEqual(ticks.label(400), "400")
    }

    func testQuarterSteps() {
        let ticks = NiceTicks(minimum: 0, maximum: 1, targetCount: 4)
        XCTAssertEqual(ticks.step, 0.25, accuracy: 1e-12)
        XCTAssertEqual(ticks.label(0.25), "0.25")
    }

    func testStepsOfTwentyFiveAreIntegers() {
        // Frame axes of 100–150 frames: "25", not "25.0" (seen in the first report screenshot).
        let frames = NiceTicks(minimum: 0, maximum: 140, targetCount: 6)
        XCTAssertEqual(frames.step, 25)
        XCTAssertEqual(frames.values.map(frames.label), ["0", "25", "50", "75", "100", "125", "150"])
        let small = NiceTicks(minimum: 0, maximum: 14, targetCount: 6)
        XCTAssertEqual(small.step, 2.5)
        XCTAssertEqual(small.label(7.5), "7.5")
        XCTAssertEqual(small.label(5), "5.0")
    }

    func testDegenerateAndReversedRanges() {
        let flat = NiceTicks(minimum: 2, maximum: 2)
        XCTAssertLessThan(flat.lower, 2)
        XCTAssertGreaterThan(flat.upper, 2)
        let reversed = NiceTicks(minimum: 5, maximum: -5)
        XCTAssertLessThanOrEqual(reversed.lower, -5)
        XCTAssertGreaterThanOrEqual(reversed.upper, 5)
        let infinite = NiceTicks(minimum: -.infinity, maximum: .nan)
        XCTAssertEqual(infinite.lower, 0)
        XCTAssertEqual(infinite.upper, 1, accuracy: 1e-12)
    }
}
