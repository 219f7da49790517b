import Foundation

/// A spec's runs.csv kept up to date while a plan runs: every run is listed from the start (status `pending`), and
/// each `update` rewrites the whole file atomically, so the file always lists every run in the same order with the
/// same columns. Thread-safe (updates come from scheduler worker threads).
public final class RunsCSVWriter: @unchecked Sendable {
    // Safe to share: `runs` is only read or written while `lock` is held.
    private let lock = NSLock()
    private var runs: RunsCSV
    /// The file written.
    public let url: URL

    /// Writes the initial file at once.
    public init(url: URL, records: [RunsCSV.Record]) throws {
        self.url = url
        self.runs = RunsCSV(records: records)
        try runs.write(to: url)
    }

    /// The current content.
    public var current: RunsCSV {
        lock.lock()
        defer { lock.unlock() }
        return runs
    }

    /// Changes the record with this run hash (metrics, seconds, status) and rewrites the file. Returns false when no
    /// record has this hash.
    @discardableResult
    public func update(runHash: String, _ change: (inout RunsCSV.Record) -> Void) throws -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard let index = runs.records.firstIndex(where: { $0.runHash == runHash }) else { return false }
        change(&runs.records[index])
        try runs.write(to: url)
        return true
    }
}
