import Experiments
import Foundation
import JobRunner
import TestSupport
import XCTest

/// `f2lm run` as a user runs it: the real binary (built with the tests, `BuiltProducts`),
/// the real model, two specs at the smoke scale on the walkway family, a temporary cache and results folder.
final class RunCommandEndToEndTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let specArguments = [repository.appendingPathComponent("experiments/table8_lambda.yaml").path,
                                repository.appendingPathComponent("experiments/table9_zp.yaml").path,
                                "--scale", "smoke", "--where", "dataset=walkway", "--jobs", "2", "--threads", "2"]

    override func setUpWithError() throws {
        try F2LMCommand.requireBuilt()
    }

    func launch(_ arguments: [String], folder: URL, command: String = "run") throws -> Process {
        try F2LMCommand.launch([command] + arguments, in: folder).process
    }

    /// Runs `f2lm run ARGUMENTS` to completion; a non-zero exit status is reported with the command's output.
    func run(_ arguments: [String], folder: URL, command: String = "run") throws -> Int32 {
        try F2LMCommand.run([command] + arguments, in: folder).status
    }

    /// The output of the processes launched in `folder` so far.
    func output(_ folder: URL) -> String {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix("output-") }.compactMap {
            try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)
        }.joined(separator: "\n----\n")
    }

    func files(cache: URL, named name: String) -> [URL] {
        let enumerator = FileManager.default.enumerator(at: cache, includingPropertiesForKeys: nil)
        return (enumerator?.allObjects as? [URL] ?? []).filter { $0.lastPathComponent == name }
    }

    func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    /// The `src` links of a report page, in page order.
    func imageLinks(in page: String) -> [String] {
        page.components(separatedBy: "src=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    /// The report's scratch folders (`f2lm-report-…`) in the temporary directory.
    func reportScratchFolders() throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.hasPrefix("f2lm-report-") })
    }

    func testRunKillResumeAndConcurrentRuns() throws {
        let folder = makeScratchFolder(self)
        // 1. Uninterrupted run.
        let cacheA = folder.appendingPathComponent("cacheA"), resultsA = folder.appendingPathComponent("resultsA")
        XCTAssertEqual(try run(Self.specArguments + ["--cache", cacheA.path, "--results", resultsA.path], folder: folder), 0,
                       output(folder))
        let table8 = try read(resultsA.appendingPathComponent("table8_lambda/table.md"))
        let table9 = try read(resultsA.appendingPathComponent("table9_zp/table.md"))
        let runs = try read(resultsA.appendingPathComponent("table8_lambda/runs.csv"))
        XCTAssertEqual(runs.split(separator: "\n").count, 7)                       // header + 6 λ rows
        XCTAssertEqual(runs.components(separatedBy: ",done\n").count - 1, 6)
        XCTAssertTrue(try read(resultsA.appendingPathComponent("TABLES.md")).contains("Scale: smoke"))
        XCTAssertEqual(files(cache: cacheA.appendingPathComponent("generator"), named: "done.json").count, 1)
        XCTAssertEqual(files(cache: cacheA.appendingPathComponent("destroyer"), named: "done.json").count, 8)   // 7 trained + Table 9 "None"

        // 2. A second run reuses everything and rewrites identical tables.
        XCTAssertEqual(try run(Self.specArguments + ["--cache", cacheA.path, "--results", resultsA.path], folder: folder), 0)
        XCTAssertEqual(try read(resultsA.appendingPathComponent("table8_lambda/table.md")), table8)

        // 2b. `f2lm report` on that cache draws montages from the trained models: every linked file exists, each
        // montage is a PNG of six 32×32 tiles upscaled ×5 with 4-pixel gaps.
        let reportArguments = Array(Self.specArguments.prefix(4)) + ["--cache", cacheA.path, "--results", resultsA.path]
        XCTAssertEqual(try run(reportArguments, folder: folder, command: "report"), 0, output(folder))
        let specFolder = resultsA.appendingPathComponent("table8_lambda")
        let page = try read(specFolder.appendingPathComponent("report.html"))
        let links = imageLinks(in: page)
        let montages = links.filter { $0.hasPrefix("figures/montage_") && $0.hasSuffix(".png") }
        XCTAssertEqual(montages.count, 2 * 4, "most and least anomalous frame of each of the 4 smoke test videos")
        for link in links {
            XCTAssertTrue(FileManager.default.fileExists(atPath: specFolder.appendingPathComponent(link).path), link)
        }
        for montage in montages {
            let bytes = [UInt8](try Data(contentsOf: specFolder.appendingPathComponent(montage)))
            XCTAssertEqual(Array(bytes.prefix(4)), [0x89, 0x50, 0x4E, 0x47], montage)
            let size = { (at: Int) in bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
            XCTAssertEqual(size(16), 6 * 32 * 5 + 5 * 4, montage)    // IHDR width
            XCTAssertEqual(size(20), 32 * 5, montage)                // IHDR height
        }
        XCTAssertFalse(page.contains("montage of video"), "a montage failed: see the page's Missing section")
        // --run takes a prefix of runs.csv's run_hash: the λ = 3 row of table 8 (third data line).
        let lambda3 = String(runs.split(separator: "\n")[3].split(separator: ",").reversed()[1])
        XCTAssertEqual(try run(reportArguments + ["--run", String(lambda3.prefix(10))], folder: folder, command: "report"), 0,
                       output(folder))
        XCTAssertTrue(try read(specFolder.appendingPathComponent("report.html")).contains("row λ = 3, seed 0 (run \(lambda3.prefix(12)))"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: resultsA.appendingPathComponent("index.html").path))
        // Without spec files (nor --scale smoke) the report reads resultsA/plan.json, which the run wrote: the runs
        // the run's --where kept, under the keys they were cached with — the walkway column only, every figure drawn
        // (from the spec files, the report also lists the plaza and campus runs --where left out, as missing).
        XCTAssertTrue(page.contains("plaza (Avenue) AUC per seed") && page.contains("href=\"#missing\""))
        XCTAssertEqual(try run(["--cache", cacheA.path, "--results", resultsA.path], folder: folder, command: "report"), 0,
                       output(folder))
        let planPage = try read(specFolder.appendingPathComponent("report.html"))
        XCTAssertTrue(planPage.contains("walkway (Ped2) AUC per seed"), planPage)
        XCTAssertFalse(planPage.contains("plaza (Avenue) AUC per seed"), planPage)
        XCTAssertFalse(planPage.contains("href=\"#missing\""), "nothing missing: \(planPage)")
        XCTAssertEqual(planPage.components(separatedBy: "src=\"figures/montage_").count - 1, 2 * 4)
        XCTAssertNotEqual(try run(["--cache", cacheA.path, "--results", folder.appendingPathComponent("nothing").path],
                                  folder: folder, command: "report"), 0)
        XCTAssertTrue(output(folder).contains("no spec files given and no "), output(folder))

        // 2c. `score.split: validation` on the same cache re-runs only the scores and evaluation nodes; the report
        // draws that run's montages from its family's validation videos (named v01…, rendered again into a scratch
        // folder that is removed afterwards), not from the test split, which has no video of those names.
        let resultsV = folder.appendingPathComponent("resultsV")
        let scratchBefore = try reportScratchFolders()
        XCTAssertEqual(try run([Self.specArguments[0]] + Self.specArguments.dropFirst(2)
                               + ["--set", "score.split=validation", "--cache", cacheA.path, "--results", resultsV.path],
                               folder: folder), 0, output(folder))
        XCTAssertEqual(files(cache: cacheA.appendingPathComponent("generator"), named: "done.json").count, 1)
        XCTAssertEqual(try run(["--cache", cacheA.path, "--results", resultsV.path], folder: folder, command: "report"), 0,
                       output(folder))
        let validationFolder = resultsV.appendingPathComponent("table8_lambda")
        let validationPage = try read(validationFolder.appendingPathComponent("report.html"))
        let validationMontages = imageLinks(in: validationPage).filter { $0.hasPrefix("figures/montage_") }
        XCTAssertEqual(validationMontages.count, 2 * 4, validationPage)
        for montage in validationMontages {
            XCTAssertTrue(montage.hasPrefix("figures/montage_walkway_v0"), montage)
            XCTAssertTrue(FileManager.default.fileExists(atPath: validationFolder.appendingPathComponent(montage).path), montage)
        }
        XCTAssertFalse(validationPage.contains("href=\"#missing\""), "nothing missing: \(validationPage)")
        XCTAssertEqual(try reportScratchFolders(), scratchBefore, "the report removes the validation videos it rendered")

        // 3. Killed with SIGKILL half way (after the first Destroyer completed), then resumed: same tables.
        let cacheB = folder.appendingPathComponent("cacheB"), resultsB = folder.appendingPathComponent("resultsB")
        let victim = try launch(Self.specArguments + ["--cache", cacheB.path, "--results", resultsB.path], folder: folder)
        let deadline = Date().addingTimeInterval(300)
        while victim.isRunning && Date() < deadline
            && files(cache: cacheB.appendingPathComponent("destroyer"), named: "done.json").isEmpty {
            usleep(20_000)
        }
        XCTAssertTrue(victim.isRunning, "the run finished before it could be killed")
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        XCTAssertEqual(victim.terminationReason, .uncaughtSignal)
        XCTAssertLessThan(files(cache: cacheB.appendingPathComponent("evaluation"), named: "done.json").count, 8)
        XCTAssertEqual(try run(Self.specArguments + ["--cache", cacheB.path, "--results", resultsB.path], folder: folder), 0)
        XCTAssertEqual(try read(resultsB.appendingPathComponent("table8_lambda/table.md")), table8)
        XCTAssertEqual(try read(resultsB.appendingPathComponent("table9_zp/table.md")), table9)

        // 4. Two concurrent runs on one cache: each node runs once (one "start" line per node log), both succeed.
        let cacheC = folder.appendingPathComponent("cacheC")
        let first = try launch(Self.specArguments + ["--cache", cacheC.path, "--results", folder.appendingPathComponent("r1").path], folder: folder)
        let second = try launch(Self.specArguments + ["--cache", cacheC.path, "--results", folder.appendingPathComponent("r2").path], folder: folder)
        first.waitUntilExit()
        second.waitUntilExit()
        XCTAssertEqual(first.terminationStatus, 0)
        XCTAssertEqual(second.terminationStatus, 0)
        let logs = try FileManager.default.contentsOfDirectory(at: cacheC.appendingPathComponent("logs"), includingPropertiesForKeys: nil)
        XCTAssertEqual(logs.count, 1 + 1 + 8 + 8 + 8)       // dataset, generator, destroyers, scores, evaluations
        for log in logs {
            let starts = try read(log).components(separatedBy: "\n").filter { $0.hasPrefix("==== ") && $0.contains(" start ") }
            XCTAssertEqual(starts.count, 1, log.lastPathComponent)
        }
        XCTAssertEqual(try read(folder.appendingPathComponent("r1/table8_lambda/table.md")), table8)
        XCTAssertEqual(try read(folder.appendingPathComponent("r2/table8_lambda/table.md")), table8)
    }

    /// The cache is untrusted: a truncated checkpoint and an edited score CSV are found by their done.json
    /// digests, reported, and exactly their nodes run again; the tables equal those of the clean run.
    func testCorruptCachedArtifactsAreReportedAndOnlyTheirNodesRerun() throws {
        let folder = makeScratchFolder(self)
        let cache = folder.appendingPathComponent("cache"), results = folder.appendingPathComponent("results")
        let arguments = [Self.specArguments[0]] + Array(Self.specArguments.dropFirst(2))
            + ["--cache", cache.path, "--results", results.path]
        XCTAssertEqual(try run(arguments, folder: folder), 0, output(folder))
        let table = try read(results.appendingPathComponent("table8_lambda/table.md"))
        let runs = try read(results.appendingPathComponent("table8_lambda/runs.csv"))

        // Truncate the generator's checkpoint to half and edit one cell of the first scores node's CSV.
        let generatorFolder = try XCTUnwrap(files(cache: cache.appendingPathComponent("generator"), named: "done.json").first)
            .deletingLastPathComponent()
        let checkpoint = try XCTUnwrap(try FileManager.default.contentsOfDirectory(at: generatorFolder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "safetensors" }.sorted { $0.path < $1.path }.first)
        let weights = try Data(contentsOf: checkpoint)
        try weights.prefix(weights.count / 2).write(to: checkpoint)
        let scores = try XCTUnwrap(files(cache: cache.appendingPathComponent("scores"), named: "scores.csv")
            .sorted { $0.path < $1.path }.first)
        var lines = try read(scores).components(separatedBy: "\n")
        lines[1] += "7"                                                  // one more digit in the row's last cell
        try lines.joined(separator: "\n").write(to: scores, atomically: true, encoding: .utf8)
        let generatorKey = generatorFolder.lastPathComponent
        let scoresKey = scores.deletingLastPathComponent().lastPathComponent

        XCTAssertEqual(try run(arguments, folder: folder), 0, output(folder))
        let report = output(folder)
        XCTAssertTrue(report.contains("corrupt generator"), report)
        XCTAssertTrue(report.contains("\(checkpoint.lastPathComponent) differs from the file the node wrote"), report)
        XCTAssertTrue(report.contains("corrupt scores"), report)
        XCTAssertTrue(report.contains("scores.csv differs from the file the node wrote"), report)
        // One "start" line per node log, two for the corrupted nodes.
        let logs = try FileManager.default.contentsOfDirectory(at: cache.appendingPathComponent("logs"), includingPropertiesForKeys: nil)
        XCTAssertEqual(logs.count, 1 + 1 + 6 + 6 + 6)
        for log in logs {
            let key = log.deletingPathExtension().lastPathComponent
            let starts = try read(log).components(separatedBy: "\n").filter { $0.hasPrefix("==== ") && $0.contains(" start ") }
            XCTAssertEqual(starts.count, key == generatorKey || key == scoresKey ? 2 : 1, log.lastPathComponent)
        }
        XCTAssertEqual(try read(results.appendingPathComponent("table8_lambda/table.md")), table)
        XCTAssertEqual(try read(results.appendingPathComponent("table8_lambda/runs.csv")).split(separator: "\n").count,
                       runs.split(separator: "\n").count)
        for done in files(cache: cache, named: "done.json") {
            let stage = done.deletingLastPathComponent().deletingLastPathComponent().lastPathComponent
            let key = done.deletingLastPathComponent().lastPathComponent
            XCTAssertNil(ArtifactCache(root: cache).integrityProblem(stage: stage, key: key), done.path)
        }
    }

    func testFailingNodeDoesNotStopTheOthers() throws {
        let folder = makeScratchFolder(self)
        let spec = """
            name: failing
            title: "A dataset whose generator diverges"
            extends: [\(Self.repository.appendingPathComponent("experiments/defaults.yaml").path)]
            datasets:
              - {name: walkway}
              - {name: plaza, set: {train.lr_generator: 1.0e30}}
            variants:
              - {label: "Ours"}

            """
        let file = folder.appendingPathComponent("failing.yaml")
        try spec.write(to: file, atomically: true, encoding: .utf8)
        let results = folder.appendingPathComponent("results")
        let status = try run([file.path, "--scale", Self.repository.appendingPathComponent("experiments/scales/smoke.yaml").path,
                              "--cache", folder.appendingPathComponent("cache").path, "--results", results.path],
                             folder: folder)
        XCTAssertEqual(status, 1, output(folder))
        let runs = try read(results.appendingPathComponent("failing/runs.csv")).split(separator: "\n")
        XCTAssertEqual(runs.count, 3)
        XCTAssertTrue(runs[1].hasPrefix("failing,Ours,walkway,") && runs[1].hasSuffix(",done"), String(runs[1]))
        XCTAssertTrue(runs[2].hasPrefix("failing,Ours,plaza,") && runs[2].hasSuffix(",failed"), String(runs[2]))
        let failed = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("cache/generator").path)
            .filter { $0.hasSuffix(".failed.json") }
        XCTAssertEqual(failed.count, 1)
        XCTAssertTrue(try read(folder.appendingPathComponent("cache/generator/" + failed[0])).contains("nan"))
    }

    /// Every file and folder under `folder` with its contents (folders as empty data).
    func snapshot(_ folder: URL) throws -> [String: Data] {
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isDirectoryKey])
        var result: [String: Data] = [:]
        for case let url as URL in enumerator?.allObjects ?? [] {
            let isDirectory = try url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory ?? false
            result[url.path] = isDirectory ? Data() : try Data(contentsOf: url)
        }
        return result
    }

    func testARealDatasetFolderIsOnlyRead() throws {
        // A real-layout dataset without labels/ and flows/: every stage needs label maps and flow it must derive.
        let folder = makeScratchFolder(self)
        let dataset = folder.appendingPathComponent("ped2-like")
        XCTAssertEqual(try run(["synth", "--family", "walkway", "--scale", "smoke", "--out", dataset.path],
                               folder: folder, command: "data"), 0, output(folder))
        for split in ["training", "testing"] {
            for kind in ["labels", "flows"] {
                try FileManager.default.removeItem(at: dataset.appendingPathComponent("\(split)/\(kind)"))
            }
        }
        let before = try snapshot(dataset)
        let spec = folder.appendingPathComponent("real.yaml")
        try """
            name: real
            extends: [\(Self.repository.appendingPathComponent("experiments/defaults.yaml").path)]
            set: {data.root: \(dataset.path)}
            datasets: [ped2]

            """.write(to: spec, atomically: true, encoding: .utf8)
        XCTAssertEqual(try run([spec.path, "--scale", Self.repository.appendingPathComponent("experiments/scales/smoke.yaml").path,
                                "--cache", folder.appendingPathComponent("cache").path,
                                "--results", folder.appendingPathComponent("results").path], folder: folder), 0,
                       output(folder))
        XCTAssertTrue(try read(folder.appendingPathComponent("results/real/runs.csv")).hasSuffix(",done\n"))
        let after = try snapshot(dataset)
        XCTAssertEqual(after.keys.sorted(), before.keys.sorted(), "no file or folder added to or removed from the dataset")
        XCTAssertTrue(after == before, "every file of the dataset is unchanged")
    }
}
