@testable import Experiments
import Foundation
@testable import JobRunner
import XCTest

final class RunnerArtifactCacheTests: XCTestCase {
    private func record(_ key: String, stage: String = "generator") -> CompletionRecord {
        CompletionRecord(key: key, stage: stage, label: key, wallSeconds: 1.5, finished: "2026-11-25T00:00:00Z",
                         host: "test", pid: getpid())
    }

    func testTemporaryFolderIsNeverCompleteUntilRenamed() throws {
        let cache = ArtifactCache(root: makeScratchFolder(self))
        try cache.prepare()
        let temporary = try cache.makeTemporaryDirectory(stage: "generator", key: "abc")
        XCTAssertTrue(temporary.lastPathComponent.hasPrefix(".tmp-abc-\(getpid())-"))
        // Even with every file written (done.json included), a temporary folder does not count.
        try Data("weights".utf8).write(to: temporary.appendingPathComponent("model.safetensors"))
        try Data("{}".utf8).write(to: temporary.appendingPathComponent("done.json"))
        XCTAssertFalse(cache.isComplete(stage: "generator", key: "abc"))
        XCTAssertNil(cache.completionRecord(stage: "generator", key: "abc"))

        try cache.commit(temporary: temporary, record: record("abc"))
        XCTAssertTrue(cache.isComplete(stage: "generator", key: "abc"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: temporary.path))
        var recorded = record("abc")
        recorded.files = ["model.safetensors": SHA256.hex("weights")]
        XCTAssertEqual(cache.completionRecord(stage: "generator", key: "abc"), recorded)
        let weights = cache.artifactDirectory(stage: "generator", key: "abc").appendingPathComponent("model.safetensors")
        XCTAssertEqual(try String(contentsOf: weights, encoding: .utf8), "weights")

        // A second commit of the same key must not replace the complete artifact.
        let again = try cache.makeTemporaryDirectory(stage: "generator", key: "abc")
        XCTAssertThrowsError(try cache.commit(temporary: again, record: record("abc")))
    }

    func testArtifactWhoseFilesChangedAfterCommitIsNotComplete() throws {
        let cache = ArtifactCache(root: makeScratchFolder(self))
        try cache.prepare()
        func commit(_ key: String) throws -> URL {
            let temporary = try cache.makeTemporaryDirectory(stage: "scores", key: key)
            try Data("video,frame,label,score\n01,0,1,0.5\n".utf8).write(to: temporary.appendingPathComponent("scores.csv"))
            try FileManager.default.createDirectory(at: temporary.appendingPathComponent("frames"), withIntermediateDirectories: true)
            try Data([1, 2, 3]).write(to: temporary.appendingPathComponent("frames/000.png"))
            try cache.commit(temporary: temporary, record: record(key, stage: "scores"))
            XCTAssertTrue(cache.isComplete(stage: "scores", key: key))
            XCTAssertNil(cache.integrityProblem(stage: "scores", key: key))
            return cache.artifactDirectory(stage: "scores", key: key)
        }
        XCTAssertEqual(cache.completionRecord(stage: "scores", key: "edited")?.files, nil)
        let edited = try commit("edited")
        XCTAssertEqual(cache.completionRecord(stage: "scores", key: "edited")?.files?.keys.sorted(), ["frames/000.png", "scores.csv"])
        try Data("video,frame,label,score\n01,0,0,0.5\n".utf8).write(to: edited.appendingPathComponent("scores.csv"))
        XCTAssertFalse(cache.isComplete(stage: "scores", key: "edited"))
        XCTAssertEqual(cache.integrityProblem(stage: "scores", key: "edited"),
                       "\(edited.path): corrupt cache entry: scores.csv differs from the file the node wrote (SHA-256)")

        let truncated = try commit("truncated")
        try Data([1, 2]).write(to: truncated.appendingPathComponent("frames/000.png"))
        XCTAssertFalse(cache.isComplete(stage: "scores", key: "truncated"))

        let missing = try commit("missing")
        try FileManager.default.removeItem(at: missing.appendingPathComponent("frames/000.png"))
        XCTAssertTrue(cache.integrityProblem(stage: "scores", key: "missing")?.hasSuffix("frames/000.png is missing") == true)

        let extra = try commit("extra")
        try Data().write(to: extra.appendingPathComponent("stray.txt"))
        XCTAssertTrue(cache.integrityProblem(stage: "scores", key: "extra")?.hasSuffix("stray.txt is not one of the node's files") == true)

        // A done.json without digests (an older cache), unreadable, or naming another node does not verify either.
        for (key, text) in [("old", #"{"key":"old","stage":"scores","label":"x","wallSeconds":1,"finished":"t","host":"h","pid":1}"#),
                            ("garbled", "{\"key\":"), ("other", #"{"key":"zzz","stage":"scores","label":"x","wallSeconds":1,"finished":"t","host":"h","pid":1,"files":{}}"#)] {
            let folder = cache.artifactDirectory(stage: "scores", key: key)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: folder.appendingPathComponent("done.json"))
            XCTAssertFalse(cache.isComplete(stage: "scores", key: key), key)
            XCTAssertThrowsError(try cache.verifiedCompletionRecord(stage: "scores", key: key), key)
        }
        XCTAssertNil(try cache.verifiedCompletionRecord(stage: "scores", key: "never-run"))
    }

    func testStaleTemporaryFoldersOfDeadProcessesAreRemoved() throws {
        let cache = ArtifactCache(root: makeScratchFolder(self))
        try cache.prepare()
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let deadPID = child.processIdentifier
        let stage = cache.stageDirectory("destroyer")
        let stale = stage.appendingPathComponent(".tmp-k1-\(deadPID)-ff00")
        let live = stage.appendingPathComponent(".tmp-k2-\(getpid())-ff01")
        for folder in [stale, live] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let removed = cache.removeStaleTemporaries()
        XCTAssertEqual(removed.map(\.lastPathComponent), [stale.lastPathComponent])
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale.path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: live.path), "a live process's folder must be kept")
    }

    func testFailureRecordIsClearedByASuccessfulCommit() throws {
        let cache = ArtifactCache(root: makeScratchFolder(self))
        try cache.prepare()
        let failure = FailureRecord(key: "k", stage: "scores", label: "k", reason: "boom", logTail: ["a", "b"],
                                    logPath: cache.logFile(key: "k").path, date: "2026-11-25T00:00:00Z", host: "h", pid: 1)
        try cache.recordFailure(failure)
        XCTAssertEqual(cache.failureRecord(stage: "scores", key: "k"), failure)
        let temporary = try cache.makeTemporaryDirectory(stage: "scores", key: "k")
        try cache.commit(temporary: temporary, record: record("k", stage: "scores"))
        XCTAssertNil(cache.failureRecord(stage: "scores", key: "k"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: cache.failureFile(stage: "scores", key: "k").path))
    }

    func testLockIsExclusiveAcrossOpenFilesAndReleased() throws {
        let cache = ArtifactCache(root: makeScratchFolder(self))
        try cache.prepare()
        let path = cache.lockFile(key: "k").path
        let first = try XCTUnwrap(try NodeLock.tryAcquire(path: path))
        XCTAssertNil(try NodeLock.tryAcquire(path: path), "a held lock must not be taken twice, even in one process")
        first.release()
        let second = try XCTUnwrap(try NodeLock.tryAcquire(path: path))
        second.release()
    }

    func testRemoveArtifactMakesNodeIncomplete() throws {
        let cache = ArtifactCache(root: makeScratchFolder(self))
        try cache.prepare()
        let temporary = try cache.makeTemporaryDirectory(stage: "generator", key: "z")
        try cache.commit(temporary: temporary, record: record("z"))
        try cache.removeArtifact(stage: "generator", key: "z")
        XCTAssertFalse(cache.isComplete(stage: "generator", key: "z"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cache.stageDirectory("generator").path)
        XCTAssertEqual(leftovers, [])
    }
}
