import XCTest
import TensorCore

final class TensorCoreSmokeTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
