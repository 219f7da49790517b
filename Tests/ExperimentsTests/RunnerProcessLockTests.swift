@testable import Experiments
import Foundation
@testable import JobRunner
import XCTest

/// Locking against another process (not just another thread), and recovery when that process is killed with -9.
final class RunnerProcessLockTests: XCTestCase {
    func testNodeLockedByAnotherProcessWaitsAndProceedsAfterKillDashNine() throws {
        let cache = ArtifactCache(root: makeScratchFolder(self))
        try cache.prepare()
        let lockPath = cache.lockFile(key: "g1").path
        // A shell takes the node's lock with flock(1) on fd 9, then execs `sleep` (same pid, fd 9 still open).
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/bin/sh")
        holder.arguments = ["-c", "exec 9>\"$0\"; flock -x 9; echo ready; exec sleep 30", lockPath]
        let pipe = Pipe()
        holder.standardOutput = pipe
        try holder.run()
        addTeardownBlock { if holder.isRunning { kill(holder.processIdentifier, SIGKILL); holder.waitUntilExit() } }
        XCTAssertEqual(String(data: pipe.fileHandleForReading.availableData, encoding: .utf8), "ready\n")
        // The other process was "running" the node: it has a temporary folder under its pid.
        let stale = cache.stageDirectory("generator").appendingPathComponent(".tmp-g1-\(holder.processIdentifier)-beef")
        try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: true)

        let executor = RecordingExecutor()
        let graph = try JobGraph(nodes: [JobNode(key: "g1", stage: "generator", label: "g1")])
        let waiting = Shared<[String]>([])
        let reporter = ProgressReporter(style: .plain, output: { text in waiting.withValue { $0.append(text) } })
        let result = Shared<SchedulerSummary?>(nil)
        let finished = DispatchSemaphore(value: 0)
        Thread {
            let summary = try! Scheduler(cache: cache, executor: executor, reporter: reporter, lockPollInterval: 0.01).run(graph)
            result.withValue { $0 = summary }
            finished.signal()
        }.start()
        // The scheduler must wait for the lock (it reports so) and not run the node while the holder lives.
        let deadline = Date(timeIntervalSinceNow: 10)
        while !waiting.current.contains(where: { $0.contains("wait") }) && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        XCTAssertTrue(waiting.current.contains { $0.contains("another process is running it") }, "\(waiting.current)")
        XCTAssertNil(executor.runs.current["g1"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: stale.path), "a live process's temporary folder is kept")

        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        XCTAssertEqual(finished.wait(timeout: .now() + 20), .success)
        XCTAssertEqual(result.current?.outcome(forKey: "g1")?.status, .done)
        XCTAssertEqual(executor.runs.current["g1"], 1)
        XCTAssertTrue(cache.isComplete(stage: "generator", key: "g1"))
        // The killed process's half-written folder is cleaned up and was never taken for the artifact.
        XCTAssertEqual(cache.removeStaleTemporaries().map(\.lastPathComponent), [stale.lastPathComponent])
    }
}
