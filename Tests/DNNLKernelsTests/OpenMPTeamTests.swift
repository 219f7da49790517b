import Foundation
import XCTest
import DNNLKernels

final class OpenMPTeamTests: XCTestCase {
    /// Every chunk runs exactly once, whatever the chunk count against the team size, and on more than one thread
    /// when two are asked for: the engine's loops (BatchNorm, pooling, losses) rely on both.
    func testEveryChunkRunsExactlyOnceOnTheTeam() throws {
        XCTAssertTrue(OpenMPTeam.isAvailable, "libgomp is loaded with Debian's libdnnl")
        for chunks in [1, 2, 3, 7] {
            let lock = NSLock()
            var seen: [Int] = []
            var threads = Set<UInt>()
            let ran = OpenMPTeam.forEach(chunks) { chunk in
                // Long enough that a second thread joins before the first could take every chunk.
                Thread.sleep(forTimeInterval: 0.002)
                lock.withLock {
                    seen.append(chunk)
                    threads.insert(UInt(pthread_self()))
                }
            }
            XCTAssertTrue(ran)
            XCTAssertEqual(seen.sorted(), Array(0..<chunks), "\(chunks) chunks")
            if chunks >= 2 { XCTAssertGreaterThan(threads.count, 1, "\(chunks) chunks ran on one thread") }
        }
        XCTAssertFalse(OpenMPTeam.forEach(0) { _ in XCTFail("no chunk to run") })
    }
}
