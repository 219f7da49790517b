@testable import Experiments
import Foundation
@testable import JobRunner
import XCTest

final class RunnerSchedulerTests: XCTestCase {
    func testRunsInDependencyOrderAndPassesDependencyArtifacts() throws {
        let cache = ArtifactCache(root: makeScratchFolder(self))
        let executor = RecordingExecutor()
        let summary = try Scheduler(cache: cache, executor: executor, jobs: 2, totalThreads: 2).run(try sampleGraph())
        XCTAssertTrue(summary.succeeded, summary.description)
        XCTAssertEqual(summary.count(.done), 8)
        let events = executor.events.current
        let graph = try sampleGraph()
        for node in graph.nodes {
            let start = try XCTUnwrap(events.firstIndex(of: "start \(node.key)"))
            for dependency in node.dependencies {
                let end = try XCTUnwrap(events.firstIndex(of: "end \(dependency)"))
                XCTAssertLessThan(end, start, "\(node.key) started before \(dependency) finished")
            }
        }
        let value = cache.artifactDirectory(stage: "evaluation", key: "e2").appendingPathComponent("value.txt")
        XCTAssertEqual(try String(contentsOf: value, encoding: .utf8), "e2(s2(g2(d)))(d)")
        // The log of each node exists and holds what the executor wrote.
        let log = try String(contentsOf: cache.logFile(key: "g1"), encoding: .utf8)
        XCTAssertTrue(log.contains("running generator se"), log)
        // No temporary folder is left behind.
        for stage in ["dataset", "generator", "scores", "evaluation"] {
            let entries = try FileManager.default.contentsOfDirectory(atPath: cache.stageDirectory(stage).path)
            XCTAssertFalse(entries.contains { $0.hasPrefix(".tmp-") }, "\(stage): \(entries)")
        }
    }

    /// Among ready nodes the head of the costliest chain starts first: with one job, the independent long chain
    /// (cost 5 + 5) starts before the earlier-listed short one (1 + 1), and a dependency still precedes its dependant.
    func testReadyNodesStartByCostliestRemainingChain() throws {
        let nodes = [
            JobNode(key: "a", stage: "dataset", label: "a", costHint: 1),
            JobNode(key: "b", stage: "generator", dependencies: ["a"], label: "b", costHint: 1),
            JobNode(key: "c", stage: "dataset", label: "c", costHint: 5),
            JobNode(key: "d", stage: "generator", dependencies: ["c"], label: "d", costHint: 5),
            JobNode(key: "e", stage: "scores", dependencies: ["a"], label: "e", costHint: 3),
        ]
        let graph = try JobGraph(nodes: nodes)
        XCTAssertEqual(try graph.criticalPathCosts(), ["a": 4, "b": 1, "c": 10, "d": 5, "e": 3])
        XCTAssertEqual(try graph.prioritizedOrder().map(\.key), ["c", "d", "a", "e", "b"])
        let executor = RecordingExecutor()
        let cache = ArtifactCache(root: makeScratchFolder(self))
        let summary = try Scheduler(cache: cache, executor: executor, jobs: 1, totalThreads: 1).run(graph)
        XCTAssertEqual(summary.count(.done), 5)
        XCTAssertEqual(executor.events.current.filter { $0.hasPrefix("start") }, ["start c", "start d", "start a", "start e", "start b"])
    }

    func testSecondRunReusesEveryNode() throws {
        let cache = ArtifactCache(root: makeScratchFolder(self))
        let executor = RecordingExecutor()
        _ = try Scheduler(cache: cache, executor: executor, jobs: 2).run(try sampleGraph())
        let summary = try Scheduler(cache: cache, executor: executor, jobs: 2).run(try sampleGraph())
        XCTAssertEqual(summary.count(.reused), 8)
        XCTAssertEqual(executor.runs.current.values.max(), 1)
    }

    /// An executor whose nodes wait (up to `patience` seconds) until `target` nodes run at once, recording the maximum.
    final class ConcurrencyProbe: NodeExecutor {
        let running = Shared(0)
        let maximum = Shared(0)
        let threads = Shared<[Int]>([])
        let target: Int
        let patience: Double
        init(target: Int, patience: Double = 5) {
            self.target = target
            self.patience = patience
        }
        func run(_ node: JobNode, in context: NodeContext) throws {
            let now = running.withValue { $0 += 1; return $0 }
            maximum.withValue { $0 = max($0, now) }
            threads.withValue { $0.append(context.threadCount) }
            let deadline = Date(timeIntervalSinceNow: patience)
            while maximum.current < target && Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
            running.withValue { $0 -= 1 }
        }
    }

    func testIndependentNodesRunInParallelUpToJobsWithThreadsSplit() throws {
        let cache = ArtifactCache(root: makeScratchFolder(self))
        let graph = try JobGraph(nodes: (0..<6).map { JobNode(key: "n\($0)", stage: "dataset", label: "n\($0)") })
        let probe = ConcurrencyProbe(target: 2)
        let summary = try Scheduler(cache: cache, executor: probe, jobs: 2, totalThreads: 4).run(graph)
        XCTAssertEqual(summary.count(.done), 6)
        XCTAssertEqual(probe.maximum.current, 2, "jobs = 2 must run two nodes at once, never more")
        // 4 threads / 2 jobs for every node, also the last ones running alone (the count must not depend on timing).
        XCTAssertEqual(probe.threads.current, [Int](repeating: 2, count: 6))

        let serialProbe = ConcurrencyProbe(target: 2, patience: 0.05)
        let serialCache = ArtifactCache(root: makeScratchFolder(self, "serial"))
        _ = try Scheduler(cache: serialCache, executor: serialProbe, jobs: 1, totalThreads: 4).run(graph)
        XCTAssertEqual(serialProbe.maximum.current, 1)
        XCTAssertEqual(Set(serialProbe.threads.current), [4])
    }

    func testFailingNodeSkipsExactlyItsDependants() throws {
        let cache = ArtifactCache(root: makeScratchFolder(self))
        let executor = RecordingExecutor(failing: ["g1"])
        let summary = try Scheduler(cache: cache, executor: executor, jobs: 2).run(try sampleGraph())
        XCTAssertFalse(summary.succeeded)
        let statuses = Dictionary(uniqueKeysWithValues: summary.outcomes.map { ($0.node.key, $0.status) })
        XCTAssertEqual(statuses, ["d": .done, "g1": .failed, "g2": .done, "s1": .skipped, "s2": .done,
                                  "e1": .skipped, "e2": .done, "x": .done])
        XCTAssertEqual(summary.outcome(forKey: "e1")?.failedAncestor, "g1")
        XCTAssertEqual(summary.outcome(forKey: "e1")?.reason, "generator generator se [g1] failed")
        XCTAssertEqual(summary.count(.failed, stage: "generator"), 1)
        XCTAssertEqual(summary.count(.done, stage: "generator"), 1)
        XCTAssertEqual(summary.count(.skipped, stage: "evaluation"), 1)
        XCTAssertEqual(executor.runs.current["s1"], nil)
        let failure = try XCTUnwrap(cache.failureRecord(stage: "generator", key: "g1"))
        XCTAssertEqual(failure.reason, "loss is NaN at step 7 in g1")
        XCTAssertTrue(failure.logTail.contains("step 7: loss nan"), "\(failure.logTail)")
        XCTAssertEqual(failure.logPath, cache.logFile(key: "g1").path)
        XCTAssertFalse(cache.isComplete(stage: "generator", key: "g1"))
        let text = summary.description
        XCTAssertTrue(text.contains("FAILED generator generator se: loss is NaN at step 7 in g1"), text)
        XCTAssertTrue(text.contains("log: \(cache.logFile(key: "g1").path)"), text)
        XCTAssertTrue(text.contains("5 done, 0 reused, 1 failed, 2 skipped"), text)
        XCTAssertEqual(summary.count(.done), 5)
    }

    func testRerunPolicies() throws {
        let cache = ArtifactCache(root: makeScratchFolder(self))
        let executor = RecordingExecutor(failing: ["g1"])
        _ = try Scheduler(cache: cache, executor: executor, jobs: 2).run(try sampleGraph())
        executor.failing.withValue { $0 = [] }

        // none: the recorded failure stands, the node is not run again.
        let none = try Scheduler(cache: cache, executor: executor, jobs: 2, rerun: .none).run(try sampleGraph())
        XCTAssertEqual(none.outcome(forKey: "g1")?.status, .failed)
        XCTAssertTrue(none.outcome(forKey: "g1")?.reason?.contains("--rerun failed") ?? false)
        XCTAssertEqual(none.count(.reused), 5)
        XCTAssertEqual(executor.runs.current["g1"], 1)

        // failed: the failed node and its dependants run; the others are reused.
        let failed = try Scheduler(cache: cache, executor: executor, jobs: 2, rerun: .failed).run(try sampleGraph())
        XCTAssertTrue(failed.succeeded, failed.description)
        XCTAssertEqual(Set(failed.outcomes.filter { $0.status == .done }.map(\.node.key)), ["g1", "s1", "e1"])
        XCTAssertNil(cache.failureRecord(stage: "generator", key: "g1"))
        XCTAssertEqual(executor.runs.current["d"], 1)

        // all: every node runs again.
        let all = try Scheduler(cache: cache, executor: executor, jobs: 2, rerun: .all).run(try sampleGraph())
        XCTAssertEqual(all.count(.done), 8)
        XCTAssertEqual(executor.runs.current["d"], 2)
        XCTAssertEqual(executor.runs.current["g1"], 3)
    }

    func testTwoConcurrentSchedulersOnOneCacheRunEachNodeOnce() throws {
        let cache = ArtifactCache(root: makeScratchFolder(self))
        let executor = RecordingExecutor(pause: 0.02)
        let graph = try sampleGraph()
        let summaries = Shared<[SchedulerSummary]>([])
        let group = DispatchGroup()
        for _ in 0..<2 {
            group.enter()
            Thread {
                let summary = try! Scheduler(cache: cache, executor: executor, jobs: 2, lockPollInterval: 0.005).run(graph)
                summaries.withValue { $0.append(summary) }
                group.leave()
            }.start()
        }
        XCTAssertEqual(group.wait(timeout: .now() + 60), .success)
        XCTAssertEqual(executor.runs.current.count, graph.count)
        XCTAssertEqual(Set(executor.runs.current.values), [1], "\(executor.runs.current)")
        let results = summaries.current
        XCTAssertEqual(results.count, 2)
        XCTAssertTrue(results.allSatisfy(\.succeeded))
        XCTAssertEqual(results.map { $0.count(.done) }.reduce(0, +), graph.count)
        XCTAssertEqual(results.map { $0.count(.reused) }.reduce(0, +), graph.count)
    }

    func testCancellationStopsNewNodesAndLeavesNoTemporaryFolders() throws {
        final class CancellingExecutor: NodeExecutor {
            let flag: CancellationFlag
            let ran = Shared<[String]>([])
            init(flag: CancellationFlag) { self.flag = flag }
            func run(_ node: JobNode, in context: NodeContext) throws {
                ran.withValue { $0.append(node.key) }
                try Data("partial".utf8).write(to: context.outputDirectory.appendingPathComponent("partial.bin"))
                flag.cancel()
                try context.checkCancellation()
            }
        }
        let cache = ArtifactCache(root: makeScratchFolder(self))
        let flag = CancellationFlag()
        let executor = CancellingExecutor(flag: flag)
        let summary = try Scheduler(cache: cache, executor: executor, jobs: 1, cancellation: flag).run(try sampleGraph())
        XCTAssertTrue(summary.interrupted)
        XCTAssertFalse(summary.succeeded)
        XCTAssertEqual(executor.ran.current, ["d"])
        XCTAssertEqual(summary.count(.cancelled), 8)
        XCTAssertFalse(cache.isComplete(stage: "dataset", key: "d"))
        XCTAssertNil(cache.failureRecord(stage: "dataset", key: "d"), "a cancelled node is not a failure")
        let entries = try FileManager.default.contentsOfDirectory(atPath: cache.stageDirectory("dataset").path)
        XCTAssertEqual(entries, [])
    }

    func testRunningNodeIsNotCompleteAndWritesIntoTemporaryFolder() throws {
        final class Inspector: NodeExecutor {
            let cache: ArtifactCache
            let seen = Shared<[String]>([])
            init(cache: ArtifactCache) { self.cache = cache }
            func run(_ node: JobNode, in context: NodeContext) throws {
                let complete = cache.isComplete(stage: node.stage, key: node.key)
                let name = context.outputDirectory.lastPathComponent
                seen.withValue { $0.append("\(complete) \(name.hasPrefix(".tmp-\(node.key)-"))") }
                context.reportTraining(TrainingProgress(step: 1, totalSteps: 1, stepsPerSecond: 1))
            }
        }
        let cache = ArtifactCache(root: makeScratchFolder(self))
        let inspector = Inspector(cache: cache)
        let graph = try JobGraph(nodes: [JobNode(key: "a", stage: "generator", label: "a")])
        _ = try Scheduler(cache: cache, executor: inspector).run(graph)
        XCTAssertEqual(inspector.seen.current, ["false true"])
        XCTAssertTrue(cache.isComplete(stage: "generator", key: "a"))
    }
}

final class RunnerSchedulerHooksTests: XCTestCase {
    func testOnNodeFinishedSeesEveryOutcomeOnceAndRunStateSummarisesARun() throws {
        let cache = ArtifactCache(root: makeScratchFolder(self))
        let seen = Shared<[String: NodeStatus]>([:])
        let count = Shared(0)
        let scheduler = Scheduler(cache: cache, executor: RecordingExecutor(failing: ["g1"]), jobs: 2,
                                  onNodeFinished: { outcome in
                                      seen.withValue { $0[outcome.node.key] = outcome.status }
                                      count.withValue { $0 += 1 }
                                  })
        let summary = try scheduler.run(try sampleGraph())
        XCTAssertEqual(count.current, 8)
        XCTAssertEqual(seen.current, Dictionary(uniqueKeysWithValues: summary.outcomes.map { ($0.node.key, $0.status) }))

        let good = summary.runState(stageKeys: ["dataset": "d", "generator": "g2", "scores": "s2", "evaluation": "e2"])
        XCTAssertEqual(good.status, .done)
        XCTAssertEqual(Set(good.stageSeconds.keys), ["dataset", "generator", "scores", "evaluation"])
        XCTAssertEqual(summary.runState(stageKeys: ["dataset": "d", "generator": "g1", "scores": "s1"]).status, .failed)
        XCTAssertEqual(summary.runState(stageKeys: ["scores": "s1", "evaluation": "e1"]).status, .skipped)

        // A resumed plan reports the seconds recorded when the nodes ran.
        let again = try Scheduler(cache: cache, executor: RecordingExecutor(), jobs: 2).run(try sampleGraph())
        XCTAssertEqual(again.outcome(forKey: "g2")?.status, .reused)
        XCTAssertEqual(again.outcome(forKey: "g2")?.seconds, summary.outcome(forKey: "g2")?.seconds)
    }
}

final class RunnerLeftoverTests: XCTestCase {
    func testFolderWithoutDoneJSONIsNotReusedButReplaced() throws {
        let cache = ArtifactCache(root: makeScratchFolder(self))
        let folder = cache.artifactDirectory(stage: "dataset", key: "d")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("half".utf8).write(to: folder.appendingPathComponent("frames.bin"))
        let executor = RecordingExecutor()
        let graph = try JobGraph(nodes: [JobNode(key: "d", stage: "dataset", label: "d")])
        let summary = try Scheduler(cache: cache, executor: executor).run(graph)
        XCTAssertEqual(summary.outcome(forKey: "d")?.status, .done)
        XCTAssertEqual(executor.runs.current["d"], 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("frames.bin").path))
        XCTAssertTrue(cache.isComplete(stage: "dataset", key: "d"))
    }
}

final class RunnerInterruptMonitorTests: XCTestCase {
    func testSIGINTSetsTheCancellationFlag() {
        let monitor = InterruptMonitor()
        defer { monitor.stop() }
        XCTAssertFalse(monitor.flag.isCancelled)
        raise(SIGINT)
        let deadline = Date(timeIntervalSinceNow: 5)
        while !monitor.flag.isCancelled && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        XCTAssertTrue(monitor.flag.isCancelled)
    }
}
