import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The content-addressed store of stage artifacts:
///
/// ```
/// <root>/<stage>/<key>/                 complete artifacts of a node; complete ⇔ done.json present
/// <root>/<stage>/.tmp-<key>-<pid>-<r>/  a node being written (renamed to <key>/ with rename(2) when complete)
/// <root>/<stage>/<key>.failed.json      the last failure of a node, removed when it later succeeds
/// <root>/locks/<key>.lock               per-node flock lock
/// <root>/logs/<key>.log                 per-node log
/// <root>/work/<key>/                    per-node work folder (mid-phase checkpoints), kept across kills,
///                                       removed once the node's artifact is committed
/// ```
///
/// A temporary folder is never read as complete: only `<key>/` with `done.json` counts, and it appears in one
/// atomic rename after `done.json` was written inside the temporary folder. The cache is also treated as
/// untrusted (a shared file system, a full disk or a stray edit can change files after the rename): `done.json`
/// records the SHA-256 of every file of the artifact, and a node counts as complete only when its files still
/// match (`verifiedCompletionRecord`); a node that does not verify is reported and run again, never loaded.
public struct ArtifactCache: Sendable {
    /// The cache root folder.
    public let root: URL

    /// A cache rooted at `root` (folders are created by `prepare()`).
    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    /// Creates the root, `locks/` and `logs/` folders.
    public func prepare() throws {
        for folder in [root, locksDirectory, logsDirectory] {
            try createDirectory(folder)
        }
    }

    /// `<root>/locks`.
    public var locksDirectory: URL { root.appendingPathComponent("locks", isDirectory: true) }
    /// `<root>/logs`.
    public var logsDirectory: URL { root.appendingPathComponent("logs", isDirectory: true) }

    /// `<root>/work`: the parent of every node's persistent work folder.
    public var workRootDirectory: URL { root.appendingPathComponent("work", isDirectory: true) }

    /// `<root>/work/<key>`: a folder that survives a killed process (unlike the temporary output folder), where a
    /// training stage keeps resumable checkpoints. Not created here.
    public func workDirectory(key: String) -> URL {
        workRootDirectory.appendingPathComponent(key, isDirectory: true)
    }

    /// Creates (if needed) and returns the work folder of a node.
    public func makeWorkDirectory(key: String) throws -> URL {
        let url = workDirectory(key: key)
        try createDirectory(url)
        return url
    }

    /// Removes the work folder of a node (after its artifact was committed); missing folders are fine.
    public func removeWorkDirectory(key: String) {
        try? FileManager.default.removeItem(at: workDirectory(key: key))
    }

    /// `<root>/<stage>`.
    public func stageDirectory(_ stage: String) -> URL {
        root.appendingPathComponent(stage, isDirectory: true)
    }

    /// `<root>/<stage>/<key>`: the complete artifacts of a node (may not exist).
    public func artifactDirectory(stage: String, key: String) -> URL {
        stageDirectory(stage).appendingPathComponent(key, isDirectory: true)
    }

    /// The name of the completion record in an artifact folder (`done.json`, `CompletionRecord`).
    public static let completionFileName = "done.json"

    /// `<root>/<stage>/<key>/done.json`.
    public func completionFile(stage: String, key: String) -> URL {
        artifactDirectory(stage: stage, key: key).appendingPathComponent(Self.completionFileName)
    }

    /// `<root>/<stage>/<key>.failed.json`.
    public func failureFile(stage: String, key: String) -> URL {
        stageDirectory(stage).appendingPathComponent("\(key).failed.json")
    }

    /// `<root>/locks/<key>.lock`.
    public func lockFile(key: String) -> URL {
        locksDirectory.appendingPathComponent("\(key).lock")
    }

    /// `<root>/logs/<key>.log`.
    public func logFile(key: String) -> URL {
        logsDirectory.appendingPathComponent("\(key).log")
    }

    /// True when the node's artifact folder exists with a `done.json` whose digests match every file
    /// (`verifiedCompletionRecord` neither nil nor throwing).
    public func isComplete(stage: String, key: String) -> Bool {
        (try? verifiedCompletionRecord(stage: stage, key: key)) != nil
    }

    /// Why the node's artifact folder does not verify, or nil when it verifies or has no `done.json`.
    public func integrityProblem(stage: String, key: String) -> String? {
        do {
            _ = try verifiedCompletionRecord(stage: stage, key: key)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// The node's `done.json`, or nil when the node is not complete (or the record is unreadable). Not verified
    /// against the files: use `verifiedCompletionRecord` before loading an artifact.
    public func completionRecord(stage: String, key: String) -> CompletionRecord? {
        guard let data = try? Data(contentsOf: completionFile(stage: stage, key: key)) else { return nil }
        return try? JSONDecoder().decode(CompletionRecord.self, from: data)
    }

    /// Largest `done.json` read (a record of a few thousand files is far smaller).
    static let maximumRecordBytes = 16 << 20

    /// The node's `done.json` after checking it against the artifact: nil when the folder has no `done.json`;
    /// throws `CacheError.corrupt` when the record is unreadable, names another node, has no digests (older
    /// caches), or when a file is missing, extra, or differs from its recorded SHA-256.
    public func verifiedCompletionRecord(stage: String, key: String) throws -> CompletionRecord? {
        let folder = artifactDirectory(stage: stage, key: key)
        let file = completionFile(stage: stage, key: key)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.path) else { return nil }
        func corrupt(_ message: String) -> CacheError { .corrupt(path: folder.path, message: message) }
        guard attributes[.type] as? FileAttributeType == .typeRegular,
              let size = attributes[.size] as? Int, size <= Self.maximumRecordBytes else {
            throw corrupt("done.json is not a regular file of at most \(Self.maximumRecordBytes) bytes")
        }
        let record: CompletionRecord
        do {
            record = try JSONDecoder().decode(CompletionRecord.self, from: Data(contentsOf: file))
        } catch {
            throw corrupt("done.json is unreadable (\(error.localizedDescription))")
        }
        guard record.stage == stage, record.key == key else {
            throw corrupt("done.json describes \(record.stage)/\(record.key)")
        }
        guard let recorded = record.files else {
            throw corrupt("done.json records no file digests (written by an older version)")
        }
        let actual = try Self.fileDigests(in: folder, excluding: ["done.json"])
        for name in recorded.keys.sorted() where actual[name] == nil {
            throw corrupt("\(name) is missing")
        }
        for name in actual.keys.sorted() {
            guard let expected = recorded[name] else { throw corrupt("\(name) is not one of the node's files") }
            guard expected == actual[name] else { throw corrupt("\(name) differs from the file the node wrote (SHA-256)") }
        }
        return record
    }

    /// SHA-256 (lower-case hex) of every regular file under `folder`, by relative path (`a/b.png`), leaving out
    /// the top-level names in `excluding`.
    public static func fileDigests(in folder: URL, excluding: Set<String> = []) throws -> [String: String] {
        let manager = FileManager.default
        let base = folder.standardizedFileURL.resolvingSymlinksInPath().path
        guard let enumerator = manager.enumerator(at: URL(fileURLWithPath: base, isDirectory: true),
                                                  includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw CacheError.io(path: folder.path, message: "cannot list the folder")
        }
        var digests: [String: String] = [:]
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let path = url.standardizedFileURL.resolvingSymlinksInPath().path
            guard path.hasPrefix(base + "/") else { continue }
            let relative = String(path.dropFirst(base.count + 1))
            if excluding.contains(relative) { continue }
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw CacheError.io(path: url.path, message: "cannot read: \(error.localizedDescription)")
            }
            digests[relative] = SHA256.hexString(data.withUnsafeBytes { SHA256.digest($0) })
        }
        return digests
    }

    /// The node's recorded failure, or nil.
    public func failureRecord(stage: String, key: String) -> FailureRecord? {
        guard let data = try? Data(contentsOf: failureFile(stage: stage, key: key)) else { return nil }
        return try? JSONDecoder().decode(FailureRecord.self, from: data)
    }

    /// Creates a fresh temporary folder `<root>/<stage>/.tmp-<key>-<pid>-<random>/` for a node about to run.
    public func makeTemporaryDirectory(stage: String, key: String) throws -> URL {
        try createDirectory(stageDirectory(stage))
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let url = stageDirectory(stage).appendingPathComponent(".tmp-\(key)-\(getpid())-\(random)", isDirectory: true)
        try createDirectory(url)
        return url
    }

    /// Marks a node complete: records the SHA-256 of every file of the temporary folder in `record.files`,
    /// writes `done.json` into the folder, then renames the folder to `<root>/<stage>/<key>/` (one atomic
    /// `rename(2)`), then removes any failure record.
    /// Throws if the final folder already exists (the caller must hold the node's lock).
    public func commit(temporary: URL, record: CompletionRecord) throws {
        var record = record
        record.files = try Self.fileDigests(in: temporary, excluding: ["done.json"])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(record)
        let doneURL = temporary.appendingPathComponent("done.json")
        try writeSynced(data, to: doneURL)
        let destination = artifactDirectory(stage: record.stage, key: record.key)
        if rename(temporary.path, destination.path) != 0 {
            throw CacheError.io(path: destination.path,
                                message: "cannot rename \(temporary.lastPathComponent) into place: \(String(cString: strerror(errno)))")
        }
        try? FileManager.default.removeItem(at: failureFile(stage: record.stage, key: record.key))
    }

    /// Writes a failure record (atomically: temporary file + rename).
    public func recordFailure(_ record: FailureRecord) throws {
        try createDirectory(stageDirectory(record.stage))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(record), to: failureFile(stage: record.stage, key: record.key))
    }

    /// Removes a complete artifact (for `--rerun all`): the folder is first renamed to a temporary name, so it
    /// disappears atomically, then deleted.
    public func removeArtifact(stage: String, key: String) throws {
        let source = artifactDirectory(stage: stage, key: key)
        guard FileManager.default.fileExists(atPath: source.path) else { return }
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let trash = stageDirectory(stage).appendingPathComponent(".tmp-\(key)-\(getpid())-\(random)")
        if rename(source.path, trash.path) != 0 {
            throw CacheError.io(path: source.path, message: "cannot remove artifact: \(String(cString: strerror(errno)))")
        }
        try? FileManager.default.removeItem(at: trash)
    }

    /// Removes the temporary folders `.tmp-<key>-<pid>-<random>` whose process is no longer alive (killed runs).
    /// Folders of live processes (another scheduler on this cache) are left alone. Returns the removed paths.
    @discardableResult
    public func removeStaleTemporaries() -> [URL] {
        let manager = FileManager.default
        guard let stages = try? manager.contentsOfDirectory(atPath: root.path) else { return [] }
        var removed: [URL] = []
        for stage in stages where stage != "locks" && stage != "logs" && stage != "work" && !stage.hasPrefix(".") {
            let folder = stageDirectory(stage)
            guard let entries = try? manager.contentsOfDirectory(atPath: folder.path) else { continue }
            for entry in entries where entry.hasPrefix(".tmp-") {
                guard let pid = Self.ownerPID(ofTemporaryName: entry), !Self.isProcessAlive(pid) else { continue }
                let url = folder.appendingPathComponent(entry)
                if (try? manager.removeItem(at: url)) != nil { removed.append(url) }
            }
        }
        return removed
    }

    /// The pid in a temporary name `.tmp-<key>-<pid>-<random>` (the second field from the end).
    static func ownerPID(ofTemporaryName name: String) -> Int32? {
        let fields = name.split(separator: "-")
        guard fields.count >= 4 else { return nil }
        return Int32(fields[fields.count - 2])
    }

    /// True when a process with this pid exists (signal 0 probe; EPERM means it exists but is not ours).
    static func isProcessAlive(_ pid: Int32) -> Bool {
        if pid <= 0 { return false }
        if kill(pid, 0) == 0 { return true }
        return errno == EPERM
    }

    private func createDirectory(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw CacheError.io(path: url.path, message: "cannot create folder: \(error.localizedDescription)")
        }
    }

    private func writeSynced(_ data: Data, to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: data) else {
            throw CacheError.io(path: url.path, message: "cannot write file")
        }
        if let handle = FileHandle(forWritingAtPath: url.path) {
            try? handle.synchronize()
            try? handle.close()
        }
    }
}
