import XCTest
@testable import VideoData

/// `SeededGenerator.normals`, the batched draws behind the segmenter score model's noise (its maps feed the label
/// encoder, so they must not change by a bit).
final class SeededNormalsTests: XCTestCase {
    /// The batch is the successive `normal()` values bit for bit, and leaves the generator where they would.
    func testBatchedNormalsAreTheSuccessiveSingleDraws() {
        for count in [0, 1, 7, 1_049] {
            var single = SeededGenerator(seed: 0xF2_2024, stream: [UInt64(count)])
            var batched = single
            let expected = (0..<count).map { _ in single.normal().bitPattern }
            var got = [Double](repeating: .nan, count: count)
            got.withUnsafeMutableBufferPointer { batched.normals(count, into: $0.baseAddress!) }
            XCTAssertEqual(got.map(\.bitPattern), expected, "\(count) draws")
            XCTAssertEqual(batched.next(), single.next(), "generator state after \(count) draws")
        }
    }
}
