import Foundation
import TestSupport
import XCTest

/// `f2lm run` with its nodes in worker processes (the default `--isolation dataset`), as a user meets a crash: the
/// real binary at the smoke scale, table 8's λ = 1 row on the three synthetic families (three generators).
final class NodeIsolationEndToEndTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let spec = repository.appendingPathComponent("experiments/table8_lambda.yaml").path

    override func setUpWithError() throws {
        try F2LMCommand.requireBuilt()
    }

    func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("f2lm-isolation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }

    func text(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }

    /// The pid and log of a generator node that has started training (its log has the "training clips" line), nil
    /// while there is none.
    func trainingGenerator(logs: URL) -> (pid: Int32, log: URL)? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: logs.path)) ?? []
        for name in names.sorted() where name.hasSuffix(".log") {
            let log = logs.appendingPathComponent(name)
            let lines = text(log).split(separator: "\n")
            guard let header = lines.first, header.contains(" start generator "), lines.contains(where: { $0.contains("training clips") }),
                  !lines.contains(where: { $0.contains("==== ") && $0.contains(" done in ") }),
                  let pidField = header.split(separator: " ").firstIndex(of: "pid"),
                  let pid = Int32(header.split(separator: " ")[pidField + 1]) else { continue }
            return (pid, log)
        }
        return nil
    }

    /// Two jobs; one generator's worker is killed with SIGKILL while it trains. The run goes on, ends with exit
    /// status 1 naming the node; the other runs' results are written; `f2lm status` (no spec files: results/plan.json)
    /// lists the node failed with its signal; `--rerun failed` runs the killed generator's chain only.
    func testKilledWorkerFailsItsNodesAloneAndRerunFailedRetriesOnlyThem() throws {
        let folder = try temporaryFolder()
        let arguments = [Self.spec, "--scale", "smoke", "--rows", "λ = 1", "--jobs", "2", "--threads", "2",
                         "--no-tensorboard", "--set", "train.generator_steps=600", "--set", "train.checkpoint_every=200"]
        let (process, outputFile) = try F2LMCommand.launch(["run"] + arguments, in: folder)
        // The worker is a child of the run (`f2lm node serve`); the node's log names its pid.
        var victim: (pid: Int32, log: URL)?
        let deadline = Date(timeIntervalSinceNow: 300)
        while victim == nil && process.isRunning && Date() < deadline {
            victim = trainingGenerator(logs: folder.appendingPathComponent(".f2lm-cache/logs"))
            if victim == nil { usleep(20_000) }
        }
        let killed = try XCTUnwrap(victim, "no generator started training: \(text(outputFile))")
        let parent = try String(contentsOfFile: "/proc/\(killed.pid)/stat", encoding: .utf8)
        XCTAssertEqual(parent.split(separator: " ")[3], Substring(String(process.processIdentifier)),
                       "the node runs in a child process of f2lm run")
        XCTAssertEqual(kill(killed.pid, SIGKILL), 0)
        process.waitUntilExit()
        let output = text(outputFile)
        XCTAssertEqual(process.terminationStatus, 1, output)
        XCTAssertTrue(output.contains("FAILED generator"), output)
        XCTAssertTrue(output.contains("killed by signal 9 (SIGKILL)"), output)
        // The two other runs finished and are in runs.csv; the killed one is not done.
        let runs = text(folder.appendingPathComponent("results/table8_lambda/runs.csv")).split(separator: "\n").dropFirst()
        XCTAssertEqual(runs.count, 3, output)
        XCTAssertEqual(runs.filter { $0.hasSuffix(",done") }.count, 2, output)
        XCTAssertTrue(text(killed.log).contains("FAILED: its worker process (pid \(killed.pid)) killed by signal 9 (SIGKILL)"))

        // `f2lm status` without spec files reads results/plan.json and lists the failed node with its signal.
        let status = try F2LMCommand.run(["status"], in: folder)
        XCTAssertTrue(status.output.contains("SIGKILL"), status.output)
        XCTAssertTrue(status.output.contains("generator"), status.output)

        // Resumed: the failed generator and the three nodes after it run; the other 11 nodes are reused.
        let resumed = try F2LMCommand.run(["run"] + arguments + ["--rerun", "failed"], in: folder)
        XCTAssertEqual(resumed.status, 0, resumed.output)
        XCTAssertTrue(resumed.output.contains(": 4 done, 11 reused, 0 failed, 0 skipped"), resumed.output)
        let after = text(folder.appendingPathComponent("results/table8_lambda/runs.csv")).split(separator: "\n").dropFirst()
        XCTAssertEqual(after.filter { $0.hasSuffix(",done") }.count, 3, resumed.output)
    }

    /// Ctrl-C (SIGINT to `f2lm run` alone: the workers ignore SIGINT and hear it from their parent) stops the
    /// training nodes in their workers: exit status 130, every worker gone, no temporary folder left in the cache.
    func testInterruptStopsTheWorkersCleanly() throws {
        let folder = try temporaryFolder()
        let (process, outputFile) = try F2LMCommand.launch(["run", Self.spec, "--scale", "smoke", "--rows", "λ = 1",
                                                            "--where", "dataset=walkway", "--no-tensorboard",
                                                            "--set", "train.generator_steps=100000"], in: folder)
        let logs = folder.appendingPathComponent(".f2lm-cache/logs")
        var worker: (pid: Int32, log: URL)?
        let deadline = Date(timeIntervalSinceNow: 300)
        while worker == nil && process.isRunning && Date() < deadline {
            worker = trainingGenerator(logs: logs)
            if worker == nil { usleep(20_000) }
        }
        let training = try XCTUnwrap(worker, "no generator started training: \(text(outputFile))")
        XCTAssertEqual(kill(process.processIdentifier, SIGINT), 0)
        process.waitUntilExit()
        let output = text(outputFile)
        XCTAssertEqual(process.terminationStatus, 130, output)
        XCTAssertTrue(output.contains("1 cancelled") || output.contains("4 cancelled"), output)
        XCTAssertNotEqual(kill(training.pid, 0), 0, "the worker process is gone")
        let leftovers = FileManager.default.enumerator(atPath: folder.appendingPathComponent(".f2lm-cache").path)?
            .compactMap { $0 as? String }.filter { $0.split(separator: "/").last?.hasPrefix(".tmp-") == true } ?? []
        XCTAssertEqual(leftovers, [], output)
    }

    /// A node past `--node-timeout` is killed and recorded failed; the run ends with exit status 1.
    func testNodePastTimeoutIsKilledAndRecordedFailed() throws {
        let folder = try temporaryFolder()
        let result = try F2LMCommand.run(["run", Self.spec, "--scale", "smoke", "--rows", "λ = 1", "--where", "dataset=walkway",
                                          "--no-tensorboard", "--set", "train.generator_steps=100000", "--node-timeout", "3"],
                                         in: folder)
        XCTAssertEqual(result.status, 1, result.output)
        XCTAssertTrue(result.output.contains("ran past --node-timeout"), result.output)
        XCTAssertTrue(result.output.contains("1 done, 0 reused, 1 failed, 3 skipped"), result.output)
    }

    /// A width no machine holds is refused before anything runs, with the estimate and the keys behind it.
    func testHugeWidthIsRefusedAtPlanTimeWithTheEstimate() throws {
        let folder = try temporaryFolder()
        let result = try F2LMCommand.run(["run", Self.spec, "--scale", "smoke", "--rows", "λ = 1", "--where", "dataset=walkway",
                                          "--set", "model.width=100000"], in: folder)
        XCTAssertEqual(result.status, 1, result.output)
        XCTAssertTrue(result.output.contains("error: node generator walkway seed 0 needs about"), result.output)
        XCTAssertTrue(result.output.contains("PiB"), result.output)
        XCTAssertTrue(result.output.contains("model.width (100000)"), result.output)
        XCTAssertTrue(result.output.contains("nothing was run"), result.output)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent(".f2lm-cache/dataset").path))
        let plan = try F2LMCommand.run(["plan", Self.spec, "--scale", "smoke", "--set", "model.width=100000"], in: folder)
        XCTAssertEqual(plan.status, 0, plan.output)
        XCTAssertTrue(plan.output.contains("largest node (memory estimate): "), plan.output)
        XCTAssertTrue(plan.output.contains("memory estimate, largest node per stage: dataset"), plan.output)
        XCTAssertTrue(plan.output.contains("generator 4.5 PiB"), plan.output)
    }
}
