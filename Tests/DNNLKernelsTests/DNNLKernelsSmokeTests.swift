import XCTest
import DNNLKernels

final class DNNLKernelsSmokeTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
