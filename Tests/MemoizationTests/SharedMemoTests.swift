import Foundation
import Memoization
import XCTest

/// `SharedMemo`: computed once per key, least recently used entries dropped beyond the capacity, failures not
/// stored, concurrent askers of one key served by one computation.
final class SharedMemoTests: XCTestCase {
    struct Failure: Error {}

    func testASecondLookUpIsAHitAndReturnsTheStoredValue() {
        let memo = SharedMemo<String, [Int]>(capacityBytes: 1000) { $0.count }
        var computed = 0
        let first = memo.value(for: "a") { computed += 1; return [1, 2, 3] }
        let second = memo.value(for: "a") { computed += 1; return [9] }
        XCTAssertEqual(first, [1, 2, 3])
        XCTAssertEqual(second, [1, 2, 3])
        XCTAssertEqual(computed, 1)
        XCTAssertEqual(memo.statistics.hits, 1)
        XCTAssertEqual(memo.statistics.misses, 1)
        XCTAssertEqual(memo.storedBytes, 3)
    }

    func testLeastRecentlyUsedEntriesAreDroppedBeyondTheCapacity() {
        let memo = SharedMemo<Int, [Int]>(capacityBytes: 10) { $0.count }
        _ = memo.value(for: 1) { [Int](repeating: 1, count: 4) }
        _ = memo.value(for: 2) { [Int](repeating: 2, count: 4) }
        _ = memo.value(for: 1) { XCTFail("1 is stored"); return [] }  // 1 is now the most recently used
        _ = memo.value(for: 3) { [Int](repeating: 3, count: 4) }     // 12 bytes: 2 goes
        XCTAssertEqual(memo.storedBytes, 8)
        var recomputed: [Int] = []
        _ = memo.value(for: 1) { recomputed.append(1); return [] }
        _ = memo.value(for: 2) { recomputed.append(2); return [Int](repeating: 2, count: 4) }
        XCTAssertEqual(recomputed, [2])
    }

    func testAValueLargerThanTheCapacityIsReturnedButNotStored() {
        let memo = SharedMemo<Int, [Int]>(capacityBytes: 2) { $0.count }
        XCTAssertEqual(memo.value(for: 1) { [7, 7, 7] }, [7, 7, 7])
        XCTAssertEqual(memo.storedBytes, 0)
        XCTAssertEqual(memo.value(for: 1) { [8] }, [8])
    }

    func testAFailedComputationStoresNothingAndTheNextLookUpComputes() throws {
        let memo = SharedMemo<Int, [Int]>(capacityBytes: 100) { $0.count }
        XCTAssertThrowsError(try memo.value(for: 1) { throw Failure() })
        XCTAssertEqual(memo.value(for: 1) { [5] }, [5])
        XCTAssertEqual(memo.statistics.misses, 2)
    }

    func testConcurrentLookUpsOfOneKeyComputeOnce() {
        let memo = SharedMemo<Int, [Int]>(capacityBytes: 100) { $0.count }
        let computations = Counter()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let value = memo.value(for: 42) {
                computations.increment()
                Thread.sleep(forTimeInterval: 0.05)
                return [42]
            }
            XCTAssertEqual(value, [42])
        }
        XCTAssertEqual(computations.value, 1)
        XCTAssertEqual(memo.statistics.hits, 7)
    }

    func testWaitersComputeThemselvesWhenTheFirstComputationFails() {
        let memo = SharedMemo<Int, [Int]>(capacityBytes: 100) { $0.count }
        let computations = Counter()
        let results = Counter()
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            let value = try? memo.value(for: 1) {
                let order = computations.increment()
                Thread.sleep(forTimeInterval: 0.05)
                if order == 1 { throw Failure() }
                return [index]
            }
            if value != nil { results.increment() }
        }
        XCTAssertEqual(results.value, 3)  // the first failed; one waiter computed, the others were served by it
        XCTAssertEqual(computations.value, 2)
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        @discardableResult func increment() -> Int { lock.withLock { count += 1; return count } }
        var value: Int { lock.withLock { count } }
    }
}
