@testable import Experiments
import Foundation
@testable import JobRunner
import XCTest

final class SlurmNodeRunnerTests: XCTestCase {
    func testRunningEveryNodeInLevelOrderGivesTheProbeValues() throws {
        let cache = ArtifactCache(root: makeScratchFolder(self))
        let probe = SlurmProbe(width: 3, levels: 3)
        let graph = try probe.graph()
        for level in 0..<3 {
            for index in [2, 0, 1] {
                let outcome = try SlurmNodeRunner.run(key: probe.key(level: level, index: index), graph: graph,
                                                      executor: probe.executor(), cache: cache, threads: 1, numerics: { nil })
                XCTAssertEqual(outcome.status, .done)
            }
        }
        let expected = try probe.expectedValues()
        XCTAssertEqual(try probe.cachedValues(cache: cache), expected.mapValues { Optional($0) })
        // Running a complete node again reuses it.
        XCTAssertEqual(try SlurmNodeRunner.run(key: probe.key(level: 1, index: 0), graph: graph, executor: probe.executor(),
                                               cache: cache, threads: 1, numerics: { nil }).status, .reused)
    }

    func testANodeWhoseDependencyIsIncompleteOrUnknownIsRefused() throws {
        let cache = ArtifactCache(root: makeScratchFolder(self))
        let probe = SlurmProbe(width: 2, levels: 2)
        let graph = try probe.graph()
        XCTAssertThrowsError(try SlurmNodeRunner.run(key: probe.key(level: 1, index: 0), graph: graph,
                                                     executor: probe.executor(), cache: cache, threads: 1, numerics: { nil })) { error in
            guard case SlurmError.dependencyIncomplete(let node, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(node, probe.key(level: 1, index: 0))
        }
        XCTAssertThrowsError(try SlurmNodeRunner.run(key: "nope", graph: graph, executor: probe.executor(), cache: cache, numerics: { nil }))
        XCTAssertFalse(cache.isComplete(stage: "generator", key: probe.key(level: 1, index: 0)))
    }

    /// The level script maps offset + SLURM_ARRAY_TASK_ID to a key, records start and exit, and calls
    /// `<executable> node run KEY --manifest plan.json` (here a shell script that logs its arguments and fails for
    /// one key).
    func testTheLevelScriptRunsTheNodeOfItsTaskAndRecordsTheExitStatus() throws {
        let folder = makeScratchFolder(self)
        let cache = ArtifactCache(root: folder.appendingPathComponent("cache"))
        let probe = SlurmProbe(width: 5, levels: 1)
        let fakeF2LM = folder.appendingPathComponent("fake f2lm")
        let calls = folder.appendingPathComponent("calls.txt")
        let failing = probe.key(level: 0, index: 4)
        let killed = probe.key(level: 0, index: 2)
        try """
        #!/bin/bash
        echo "$PWD|$*" >> \(SlurmScript.quote(calls.path))
        if [ "$3" = "\(killed)" ]; then kill -TERM $$; fi
        [ "$3" != "\(failing)" ]
        """.write(to: fakeF2LM, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fakeF2LM.path)
        let manifest = try SlurmExecutor.submit(graph: try probe.graph(), cache: cache, source: probe, program: .f2lm,
                                                dryRun: true, executable: fakeF2LM.path, workingDirectory: folder.path,
                                                maxArraySize: 2, runner: FakeSlurm())
        func runTask(offset: Int, task: Int) throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = [manifest.submission.scriptFile(level: 0).path]
            process.environment = ["PATH": "/usr/bin:/bin", "SLURM_ARRAY_TASK_ID": "\(task)", "SLURM_ARRAY_JOB_ID": "77",
                                   "F2LM_TASK_OFFSET": "\(offset)"]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        XCTAssertEqual(try runTask(offset: 2, task: 1), 0)
        XCTAssertNotEqual(try runTask(offset: 4, task: 0), 0)
        XCTAssertEqual(try runTask(offset: 4, task: 1), 2, "task 5 of 5 has no node")
        // The node dies of SIGTERM while its shell gets no signal (scancel signals processes one by one).
        XCTAssertEqual(try runTask(offset: 2, task: 0), 143)
        let lines = try String(contentsOf: calls, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines, ["\(folder.path)|node run \(probe.key(level: 0, index: 3)) --manifest \(manifest.file.path)",
                               "\(folder.path)|node run \(failing) --manifest \(manifest.file.path)",
                               "\(folder.path)|node run \(killed) --manifest \(manifest.file.path)"])
        let tasks = manifest.tasksDirectory
        func read(_ name: String) throws -> String {
            try String(contentsOf: tasks.appendingPathComponent(name), encoding: .utf8)
        }
        XCTAssertEqual(try read("\(probe.key(level: 0, index: 3)).exit"), "0\n")
        XCTAssertEqual(try read("\(failing).exit"), "1\n")
        XCTAssertEqual(try read("\(killed).exit"), "signal TERM\n", "read by f2lm status as \"task killed\"")
        XCTAssertTrue(try read("\(failing).start").hasPrefix("77_0 "))
    }
}
