import XCTest
import F2LM

final class F2LMSmokeTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
