import Foundation

/// The log of one node, `<root>/logs/<key>.log`: lines appended as the node runs (every attempt appends after a
/// header line), the last `tailCapacity` lines of the current attempt kept in memory for the failure record.
/// Thread-safe.
public final class NodeLog: @unchecked Sendable {
    // Safe to share: `handle` and `tail` are only touched under `lock`.
    private let lock = NSLock()
    private var handle: FileHandle?
    private var tail: [String] = []
    /// Number of lines kept for `lastLines`.
    public let tailCapacity: Int
    /// Path of the log file.
    public let path: String

    /// Opens (creating if needed) the log file for appending.
    public init(path: String, tailCapacity: Int = 20) throws {
        self.path = path
        self.tailCapacity = tailCapacity
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CacheError.io(path: path, message: "cannot create log file")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CacheError.io(path: path, message: "cannot open log file for writing")
        }
        handle.seekToEndOfFile()
        self.handle = handle
    }

    /// Appends one line (a message containing newlines is split into several lines).
    public func write(_ message: String) {
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lock.lock()
        defer { lock.unlock() }
        for line in lines {
            tail.append(line)
            if tail.count > tailCapacity { tail.removeFirst(tail.count - tailCapacity) }
            handle?.write(Data((line + "\n").utf8))
        }
    }

    /// The last lines written through this object (at most `tailCapacity`).
    public var lastLines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return tail
    }

    /// Flushes and closes the file; later writes only reach `lastLines`.
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        try? handle?.synchronize()
        try? handle?.close()
        handle = nil
    }

    deinit { try? handle?.close() }
}
