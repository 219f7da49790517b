import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SwiftProtobuf

/// Reading event files back: listing a run folder's files, decoding their events, and cutting a run back to a
/// step (what a resumed training phase does before it logs again, so no step appears twice).
public enum EventFiles {
    /// True for a file name TensorBoard reads as an event file (it contains `tfevents`).
    public static func isEventFile(_ url: URL) -> Bool {
        url.lastPathComponent.contains("tfevents") && !url.lastPathComponent.hasPrefix(".")
    }

    /// The event files directly inside `directory`, in name order (empty when the folder does not exist).
    public static func list(in directory: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().map { directory.appendingPathComponent($0) }.filter(isEventFile)
    }

    /// The `<seconds>` field of `events.out.tfevents.<seconds>.…`, nil for other names.
    static func creationSeconds(of url: URL) -> Int? {
        let parts = url.lastPathComponent.components(separatedBy: ".")
        guard let index = parts.firstIndex(of: "tfevents"), index + 1 < parts.count else { return nil }
        return Int(parts[index + 1])
    }

    /// The events of one file in order; a final record cut short (a killed writer) is ignored.
    public static func read(_ url: URL) throws -> [TBEvent] {
        try parse(url).events
    }

    /// The events of every event file of `directory`, file by file in name order.
    public static func readAll(in directory: URL) throws -> [TBEvent] {
        try list(in: directory).flatMap(read)
    }

    static func parse(_ url: URL) throws -> (events: [TBEvent], complete: Bool) {
        let bytes: Data
        do { bytes = try Data(contentsOf: url) } catch {
            throw TensorBoardError.io(path: url.path, message: "cannot read: \(error)")
        }
        let parsed = try RecordFraming.records(in: bytes, path: url.path)
        var events: [TBEvent] = []
        for (index, record) in parsed.records.enumerated() {
            do { events.append(try TBEvent(serializedBytes: record)) } catch {
                throw TensorBoardError.corruptRecord(path: url.path, offset: index, reason: "record \(index) is not an Event: \(error)")
            }
        }
        return (events, parsed.validLength == bytes.count)
    }

    /// Cuts the run in `directory` back to `step`: every event with a step above it is removed from its file
    /// (files rewritten atomically, a file left with nothing but its version record deleted, a record cut short
    /// by a kill dropped). Returns the number of events removed.
    @discardableResult
    public static func truncate(directory: URL, keepingStepsThrough step: Int) throws -> Int {
        var removed = 0
        for url in list(in: directory) {
            let (events, complete) = try parse(url)
            let kept = events.filter { $0.step <= Int64(step) }
            removed += events.count - kept.count
            if kept.allSatisfy({ !$0.hasSummary }) {
                try? FileManager.default.removeItem(at: url)
            } else if kept.count != events.count || !complete {
                var data = Data()
                for event in kept { data.append(RecordFraming.frame(try event.serializedData())) }
                let temporary = directory.appendingPathComponent(".rewrite-\(ProcessInfo.processInfo.processIdentifier).tmp")
                do { try data.write(to: temporary) } catch {
                    throw TensorBoardError.io(path: url.path, message: "cannot rewrite: \(error)")
                }
                guard rename(temporary.path, url.path) == 0 else {
                    throw TensorBoardError.io(path: url.path, message: "cannot replace the file (errno \(errno))")
                }
            }
        }
        return removed
    }
}

extension TBEvent {
    /// True when the event holds a summary (not the file-version record).
    public var hasSummary: Bool {
        if case .summary = what { return true }
        return false
    }
}
