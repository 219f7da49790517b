import Foundation
import SwiftProtobuf

/// Appends `TBEvent` records to one new event file `events.out.tfevents.<seconds>.<host>.<pid>.<n>` in a run
/// folder, starting with the `file_version` event ("brain.Event:2"). Every write goes to the file at once, so
/// a TensorBoard watching the folder sees it live and a killed process loses at most the record being written.
///
/// The `<seconds>` part is the current time, raised above every existing file's so that the new file sorts after
/// the run's earlier files (TensorBoard reads a run's files in name order).
public final class EventFileWriter {
    /// The file written.
    public let url: URL
    private let handle: FileHandle
    private static let counter = Counter()

    /// Creates `directory` if needed and a new event file in it.
    public init(directory: URL, now: Date = Date()) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw TensorBoardError.io(path: directory.path, message: "cannot create the run folder: \(error)")
        }
        var seconds = Int(now.timeIntervalSince1970)
        for existing in EventFiles.list(in: directory) {
            if let previous = EventFiles.creationSeconds(of: existing) { seconds = max(seconds, previous + 1) }
        }
        let host = ProcessInfo.processInfo.hostName.replacingOccurrences(of: ".", with: "_")
        let padded = String(repeating: "0", count: max(0, 10 - String(seconds).count)) + String(seconds)
        let name = "events.out.tfevents.\(padded).\(host).\(ProcessInfo.processInfo.processIdentifier).\(Self.counter.next())"
        url = directory.appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
              let handle = FileHandle(forWritingAtPath: url.path) else {
            throw TensorBoardError.io(path: url.path, message: "cannot create the event file")
        }
        self.handle = handle
        var version = TBEvent()
        version.wallTime = now.timeIntervalSince1970
        version.fileVersion = "brain.Event:2"
        try write(version)
    }

    deinit { try? handle.close() }

    /// Appends one framed event.
    public func write(_ event: TBEvent) throws {
        let data: Data
        do { data = try event.serializedData() } catch {
            throw TensorBoardError.io(path: url.path, message: "cannot encode an event: \(error)")
        }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: RecordFraming.frame(data))
        } catch {
            throw TensorBoardError.io(path: url.path, message: "cannot write: \(error)")
        }
    }

    /// A process-wide sequence number, so two writers opened in the same second get distinct names.
    final class Counter: @unchecked Sendable {
        // Safe to share: `value` is only touched while `lock` is held.
        private let lock = NSLock()
        private var value = 0
        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }
}
