import XCTest
import VideoData

final class VideoDataSmokeTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
