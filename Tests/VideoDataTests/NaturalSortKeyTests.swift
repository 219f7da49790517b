import XCTest

@testable import VideoData

final class NaturalSortKeyTests: XCTestCase {
    /// The order users rely on when frames and videos are listed: digit runs by value, a number before a text,
    /// fewer parts first when the common parts agree, and plain string order (upper case first) for names equal in
    /// value.
    func testNamesSortByTheValueOfTheirDigitRuns() {
        let shuffled = [
            "Test10", "frame_2.png", "b", "Test2", "10.png", "frame_10.png", "a1", "a01", "2.png", "a",
            "99999999999999999999999.png", "Test002", "1a", "x9y10", "x9y9", "01.png", "1.png",
        ]
        let expected = [
            "01.png", "1.png", "1a", "2.png", "10.png", "99999999999999999999999.png", "Test002", "Test2", "Test10", "a",
            "a01", "a1", "b", "frame_2.png", "frame_10.png", "x9y9", "x9y10",
        ]
        XCTAssertEqual(shuffled.naturallySorted(), expected)
        XCTAssertEqual(shuffled.reversed().naturallySorted(), expected)
    }

    /// Only ASCII digits are numbers: other numerals and characters built on a digit stay text.
    func testOnlyASCIIDigitsAreNumbers() {
        XCTAssertEqual(NaturalSortKey("٣x12").parts, [.text("٣x"), .number(12)])
        XCTAssertEqual(NaturalSortKey("1\u{20E3}2").parts, [.text("1\u{20E3}"), .number(2)])
    }
}
