@testable import Experiments
import Foundation
@testable import JobRunner
import XCTest

final class SlurmExecutorTests: XCTestCase {
    func testOneArrayPerLevelEachAfterokOnThePreviousLevel() throws {
        let folder = makeScratchFolder(self)
        let cache = ArtifactCache(root: folder.appendingPathComponent("cache"))
        let probe = SlurmProbe(width: 3, levels: 4)
        let fake = FakeSlurm(firstJobID: 100)
        let options = SlurmOptions(partition: "gpu", time: "1:00:00", cpusPerTask: 4, memory: "8G", arrayLimit: 2,
                                   extraArguments: ["--account=lab"])
        let manifest = try SlurmExecutor.submit(graph: try probe.graph(), cache: cache, source: probe, program: .f2lm,
                                                options: options, executable: "/opt/f2lm", runner: fake)
        let sbatch = fake.recorded.filter { $0[0] == "sbatch" }
        XCTAssertEqual(sbatch.count, 4)
        XCTAssertEqual(sbatch[0], ["sbatch", "--parsable", "--array=0-2%2", "--export=ALL,F2LM_TASK_OFFSET=0",
                                   manifest.submission.scriptFile(level: 0).path])
        XCTAssertTrue(sbatch[1].contains("--dependency=afterok:100"))
        XCTAssertTrue(sbatch[3].contains("--dependency=afterok:102"))
        XCTAssertEqual(manifest.jobIDs, ["100", "101", "102", "103"])
        XCTAssertEqual(manifest.levels.map(\.stages), [["dataset"], ["generator"], ["destroyer"], ["scores"]])
        XCTAssertEqual(manifest.submission.task(of: probe.key(level: 2, index: 1))?.job, "102")
        XCTAssertEqual(manifest.submission.task(of: probe.key(level: 2, index: 1))?.task, 1)

        // The manifest on disk is the returned one, and the keys file maps task i to line i+1.
        XCTAssertEqual(try SlurmManifest.read(manifest.file), manifest)
        XCTAssertEqual(try SlurmManifest.latest(cache: cache.root.path), manifest)
        let keys = try String(contentsOf: manifest.submission.keysFile(level: 1), encoding: .utf8)
        XCTAssertEqual(keys, (0..<3).map { probe.key(level: 1, index: $0) + "\n" }.joined())
        let script = try String(contentsOf: manifest.submission.scriptFile(level: 0), encoding: .utf8)
        for directive in ["--partition=gpu", "--time=1:00:00", "--cpus-per-task=4", "--mem=8G", "--account=lab",
                          "--output=\(manifest.logsDirectory.path)/%A_%a.out"] {
            XCTAssertTrue(script.contains("#SBATCH \(directive)\n"), directive)
        }
    }

    func testLevelsLargerThanMaxArraySizeAreSplitAndTheNextLevelWaitsForEveryChunk() throws {
        let folder = makeScratchFolder(self)
        let cache = ArtifactCache(root: folder)
        let probe = SlurmProbe(width: 5, levels: 2)
        let fake = FakeSlurm(firstJobID: 7, config: "MaxArraySize            = 2\n")
        let manifest = try SlurmExecutor.submit(graph: try probe.graph(), cache: cache, source: probe, program: .f2lm, runner: fake)
        XCTAssertEqual(manifest.levels[0].chunks.map(\.offset), [0, 2, 4])
        XCTAssertEqual(manifest.levels[0].chunks.map(\.count), [2, 2, 1])
        let sbatch = fake.recorded.filter { $0[0] == "sbatch" }
        XCTAssertEqual(sbatch.count, 6)
        XCTAssertEqual(sbatch[2][2...3], ["--array=0-0", "--export=ALL,F2LM_TASK_OFFSET=4"])
        XCTAssertTrue(sbatch[3].contains("--dependency=afterok:7:8:9"))
        XCTAssertEqual(manifest.submission.task(of: probe.key(level: 0, index: 4))?.job, "9")
        XCTAssertEqual(manifest.submission.task(of: probe.key(level: 0, index: 4))?.task, 0)
        XCTAssertEqual(manifest.submission.task(of: probe.key(level: 1, index: 3))?.job, "11")
        XCTAssertEqual(manifest.submission.task(of: probe.key(level: 1, index: 3))?.task, 1)
    }

    func testNodesCompleteInTheCacheAreNotSubmitted() throws {
        let cache = ArtifactCache(root: makeScratchFolder(self))
        let probe = SlurmProbe(width: 2, levels: 3)
        let graph = try probe.graph()
        // Complete level 0 locally.
        for index in 0..<2 {
            _ = try SlurmNodeRunner.run(key: probe.key(level: 0, index: index), graph: graph, executor: probe.executor(),
                                        cache: cache, threads: 1, numerics: { nil })
        }
        let fake = FakeSlurm()
        let manifest = try SlurmExecutor.submit(graph: graph, cache: cache, source: probe, program: .f2lm, runner: fake)
        XCTAssertEqual(manifest.levels.map(\.stages), [["generator"], ["destroyer"]])
        XCTAssertFalse(fake.recorded.filter { $0[0] == "sbatch" }[0].contains { $0.hasPrefix("--dependency") })

        for level in 1..<3 { for index in 0..<2 {
            _ = try SlurmNodeRunner.run(key: probe.key(level: level, index: index), graph: graph,
                                        executor: probe.executor(), cache: cache, threads: 1, numerics: { nil })
        } }
        let nothing = try SlurmExecutor.submit(graph: graph, cache: cache, source: probe, program: .f2lm, runner: fake)
        XCTAssertTrue(nothing.levels.isEmpty)
        XCTAssertFalse(FileManager.default.fileExists(atPath: nothing.directory.path))
    }

    func testDryRunWritesScriptsWithoutSubmittingAndExportChainsThem() throws {
        let folder = makeScratchFolder(self)
        let cache = ArtifactCache(root: folder.appendingPathComponent("cache"))
        let probe = SlurmProbe(width: 2, levels: 2)
        let fake = FakeSlurm()
        let manifest = try SlurmExecutor.submit(graph: try probe.graph(), cache: cache, source: probe, program: .f2lm,
                                                options: SlurmOptions(arrayLimit: 1), dryRun: true, runner: fake)
        XCTAssertTrue(fake.recorded.allSatisfy { $0[0] != "sbatch" })
        XCTAssertTrue(manifest.dryRun)
        XCTAssertEqual(manifest.jobIDs, [])
        XCTAssertNil(try SlurmManifest<SlurmProbe>.latest(cache: cache.root.path), "a dry run is not the latest submission")
        XCTAssertEqual(try SlurmManifest.latest(cache: cache.root.path, includingDryRuns: true), manifest)
        let out = folder.appendingPathComponent("out")
        let files = try SlurmExport.write(manifest.submission, program: .f2lm, to: out).map(\.lastPathComponent)
        XCTAssertEqual(Set(files), ["plan.json", "level-0.sbatch", "level-0.keys", "level-1.sbatch", "level-1.keys", "submit.sh"])
        let submit = try String(contentsOf: out.appendingPathComponent("submit.sh"), encoding: .utf8)
        XCTAssertTrue(submit.contains("--array=0-1%1 --export=ALL,F2LM_TASK_OFFSET=0 ${previous:+--dependency=afterok:$previous}"))
        XCTAssertEqual(submit.components(separatedBy: "sbatch --parsable").count - 1, 2)
    }

    func testInvalidOptionsAreRejectedBeforeAnythingIsWritten() {
        let cache = ArtifactCache(root: makeScratchFolder(self).appendingPathComponent("cache"))
        let probe = SlurmProbe(width: 1, levels: 1)
        for options in [SlurmOptions(cpusPerTask: 0), SlurmOptions(arrayLimit: -1), SlurmOptions(partition: "a b"),
                        SlurmOptions(extraArguments: ["account=x"])] {
            XCTAssertThrowsError(try SlurmExecutor.submit(graph: try probe.graph(), cache: cache, source: probe, program: .f2lm,
                                                          options: options, runner: FakeSlurm())) { error in
                guard case SlurmError.invalidOption = error else { return XCTFail("\(error)") }
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: cache.root.path))
    }

    func testFailingSbatchIsReportedWithItsOutput() {
        struct Refusing: SlurmCommandRunner {
            func run(_ command: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
                command == "scontrol" ? (0, "") : (1, "sbatch: error: invalid partition specified: nope")
            }
        }
        let probe = SlurmProbe(width: 1, levels: 1)
        XCTAssertThrowsError(try SlurmExecutor.submit(graph: try probe.graph(), cache: ArtifactCache(root: makeScratchFolder(self)),
                                                      source: probe, program: .f2lm, runner: Refusing())) { error in
            XCTAssertTrue("\(error)".contains("invalid partition specified: nope"), "\(error)")
        }
    }

    func testRerunFailedRefusesWhileTasksOfTheLastSubmissionAreQueued() throws {
        let cache = ArtifactCache(root: makeScratchFolder(self))
        let probe = SlurmProbe(width: 2, levels: 2)
        let fake = FakeSlurm(firstJobID: 50)
        _ = try SlurmExecutor.submit(graph: try probe.graph(), cache: cache, source: probe, program: .f2lm, runner: fake)
        fake.squeue = "51|0|PENDING|Dependency\n"
        XCTAssertThrowsError(try SlurmExecutor.rerunFailed(graph: try probe.graph(), cache: cache, source: probe, program: .f2lm,
                                                           runner: fake)) { error in
            XCTAssertEqual(error as? SlurmError, .stillQueued(submission: try! SlurmManifest<SlurmProbe>.latest(cache: cache.root.path)!.id,
                                                              jobs: ["51_0"]))
        }
        fake.squeue = ""
        let again = try XCTUnwrap(SlurmExecutor.rerunFailed(graph: try probe.graph(), cache: cache, source: probe, program: .f2lm,
                                                            runner: fake))
        XCTAssertEqual(again.jobIDs, ["52", "53"])
    }
}
