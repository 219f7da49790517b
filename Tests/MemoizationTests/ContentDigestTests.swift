import Memoization
import XCTest

/// `ContentDigest`: equal bytes give equal digests; any changed bit, length or chaining order gives another one.
final class ContentDigestTests: XCTestCase {
    func bytes(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) } }

    func testEqualBytesGiveEqualDigests() {
        XCTAssertEqual(ContentDigest(of: bytes(1000)), ContentDigest(of: bytes(1000)))
        XCTAssertEqual(ContentDigest(of: [Float](repeating: 0.5, count: 33)), ContentDigest(of: [Float](repeating: 0.5, count: 33)))
    }

    func testEveryFlippedBitChangesBothLanes() {
        // Lengths cover the 32-byte blocks, the 8-byte words after them and the single tail bytes.
        for count in [1, 7, 8, 31, 32, 45, 100] {
            let original = bytes(count)
            let base = ContentDigest(of: original)
            var seen: Set<ContentDigest> = [base]
            for index in 0..<count {
                for bit in 0..<8 {
                    var changed = original
                    changed[index] ^= 1 << bit
                    let digest = ContentDigest(of: changed)
                    XCTAssertNotEqual(digest.first, base.first, "byte \(index) bit \(bit) of \(count)")
                    XCTAssertNotEqual(digest.second, base.second, "byte \(index) bit \(bit) of \(count)")
                    seen.insert(digest)
                }
            }
            XCTAssertEqual(seen.count, 1 + 8 * count, "all single-bit changes of \(count) bytes are distinct")
        }
    }

    func testLengthAndChainingOrderMatter() {
        XCTAssertNotEqual(ContentDigest(of: [UInt8](repeating: 0, count: 40)), ContentDigest(of: [UInt8](repeating: 0, count: 41)))
        XCTAssertNotEqual(ContentDigest(of: [UInt8]()), ContentDigest(of: [UInt8](repeating: 0, count: 1)))
        let a = bytes(50), b = bytes(20)
        XCTAssertNotEqual(ContentDigest(of: b, previous: ContentDigest(of: a)), ContentDigest(of: a, previous: ContentDigest(of: b)))
        XCTAssertNotEqual(ContentDigest(of: b, previous: ContentDigest(of: a)), ContentDigest(of: a + b))
    }
}
