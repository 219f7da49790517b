@testable import Experiments
import Foundation
@testable import JobRunner
import XCTest

final class SlurmStatusTests: XCTestCase {
    func testStatusCombinesCacheTaskFilesAndTheQueue() throws {
        let cache = ArtifactCache(root: makeScratchFolder(self))
        let probe = SlurmProbe(width: 3, levels: 2)
        let graph = try probe.graph()
        let fake = FakeSlurm(firstJobID: 19)
        let manifest = try SlurmExecutor.submit(graph: graph, cache: cache, source: probe, program: .f2lm, runner: fake)
        // Task 19_0 done, 19_1 killed by scancel (start + "signal TERM"), 19_2 started and vanished (no exit file).
        _ = try SlurmNodeRunner.run(key: probe.key(level: 0, index: 0), graph: graph, executor: probe.executor(),
                                    cache: cache, threads: 1, numerics: { nil })
        let tasks = manifest.tasksDirectory
        try "19_1 vm 2026-11-25T20:44:30Z\n".write(to: tasks.appendingPathComponent("\(probe.key(level: 0, index: 1)).start"), atomically: true, encoding: .utf8)
        try "signal TERM\n".write(to: tasks.appendingPathComponent("\(probe.key(level: 0, index: 1)).exit"), atomically: true, encoding: .utf8)
        try "19_2 vm 2026-11-25T20:44:30Z\n".write(to: tasks.appendingPathComponent("\(probe.key(level: 0, index: 2)).start"), atomically: true, encoding: .utf8)
        // Level 1: task 0 running, 1 waiting on its dependency, 2 no longer queued (cancelled: dependency failed).
        fake.squeue = "20|0|RUNNING|None\n20|1|PENDING|DependencyNeverSatisfied\n"
        let report = try SlurmStatus.collect(graph: graph, cache: cache, submission: manifest.submission, runner: fake)
        XCTAssertEqual(report.nodes.map(\.state), [.done, .failed, .failed, .running, .pending, .pending])
        XCTAssertEqual(report.count(.failed, stage: "dataset"), 2)
        XCTAssertEqual(report.activeTasks.map(\.id), ["20_0", "20_1"])
        XCTAssertEqual(report.nodes[1].slurmTask, "19_1")
        XCTAssertEqual(report.nodes[1].logPath, manifest.submission.logFile(job: "19", task: 1).path)
        XCTAssertEqual(report.nodes[1].reason, "task killed (signal TERM)")
        XCTAssertTrue(report.nodes[2].reason!.contains("without an exit record"))
        XCTAssertEqual(report.nodes[4].reason, "PENDING (DependencyNeverSatisfied)")
        XCTAssertTrue(report.nodes[5].reason!.hasPrefix("not started"))

        let text = report.render()
        XCTAssertTrue(text.contains("dataset         1       0       0       2\n"), text)
        XCTAssertTrue(text.contains("generator       0       1       2       0\n"), text)
        XCTAssertTrue(text.contains("slurm job 19_1: task killed (signal TERM)\n  log: \(manifest.submission.logFile(job: "19", task: 1).path)"), text)
        XCTAssertFalse(report.isComplete)
    }

    func testAFailureRecordAndASacctFailureCountAsFailed() throws {
        let cache = ArtifactCache(root: makeScratchFolder(self))
        let graph = try JobGraph(nodes: [JobNode(key: "a1", stage: "dataset", label: "a"),
                                         JobNode(key: "b2", stage: "generator", dependencies: ["a1"], label: "b")])
        try cache.recordFailure(FailureRecord(key: "a1", stage: "dataset", label: "a", reason: "loss is NaN", logTail: [],
                                              logPath: "/x/a1.log", date: "d", host: "h", pid: 1))
        let withoutSlurm = try SlurmStatus.collect(graph: graph, cache: cache, submission: nil, runner: nil)
        XCTAssertEqual(withoutSlurm.nodes.map(\.state), [.failed, .pending])
        XCTAssertEqual(withoutSlurm.nodes[0].reason, "loss is NaN")
        XCTAssertEqual(withoutSlurm.nodes[0].logPath, "/x/a1.log")
        XCTAssertEqual(withoutSlurm.nodes[1].reason, "not submitted")

        let fake = FakeSlurm(firstJobID: 5)
        let manifest = try SlurmExecutor.submit(graph: graph, cache: cache, source: SlurmProbe(width: 1, levels: 1), program: .f2lm, runner: fake)
        fake.sacct = (0, "6_0|TIMEOUT|0:0\n")
        let report = try SlurmStatus.collect(graph: graph, cache: cache, submission: manifest.submission, runner: fake)
        XCTAssertEqual(report.nodes[1].state, .failed)
        XCTAssertEqual(report.nodes[1].reason, "Slurm state TIMEOUT 0:0")
    }

    func testAHeldLockShowsTheNodeRunning() throws {
        let cache = ArtifactCache(root: makeScratchFolder(self))
        try cache.prepare()
        let graph = try JobGraph(nodes: [JobNode(key: "k1", stage: "dataset", label: "k")])
        XCTAssertFalse(SlurmStatus.isLockHeld(cache.lockFile(key: "k1").path))
        let lock = try XCTUnwrap(NodeLock.tryAcquire(path: cache.lockFile(key: "k1").path))
        XCTAssertEqual(try SlurmStatus.collect(graph: graph, cache: cache, submission: nil, runner: nil).nodes[0].state, .running)
        lock.release()
        XCTAssertEqual(try SlurmStatus.collect(graph: graph, cache: cache, submission: nil, runner: nil).nodes[0].state, .pending)
    }
}
