import Foundation
import JobRunner

/// `results/<spec>/runs.json`: per run of the spec (by run hash), its state, its stages' wall seconds and, when it
/// finished, its `RunRecord` as the evaluation node wrote it. With the plan (`results/plan.json`: the runs, their
/// labels and the table layouts) it is everything runs.csv, the tables, the verdicts and TABLES.md are computed
/// from (`ResultsRendering`), so `f2lm tables` re-renders them without the cache.
public struct RunResultsFile: Codable, Sendable, Equatable {
    /// The format version this code writes and reads.
    public static let currentVersion = 1
    /// File name inside a spec's results folder.
    public static let fileName = "runs.json"

    /// One run's outcome.
    public struct Run: Codable, Sendable, Equatable {
        /// State of the run.
        public var status: RunsCSV.Status
        /// Wall seconds per stage name (`seconds_<stage>` columns of runs.csv).
        public var stageSeconds: [String: Double]
        /// The run's record (present when `status` is done).
        public var record: RunRecord?

        /// Creates an outcome.
        public init(status: RunsCSV.Status, stageSeconds: [String: Double] = [:], record: RunRecord? = nil) {
            self.status = status
            self.stageSeconds = stageSeconds
            self.record = record
        }
    }

    /// Format version.
    public var version: Int
    /// Run hash → outcome.
    public var runs: [String: Run]

    /// A file holding these runs.
    public init(runs: [String: Run] = [:]) {
        version = Self.currentVersion
        self.runs = runs
    }

    /// `<folder>/runs.json`.
    public static func url(in folder: URL) -> URL { folder.appendingPathComponent(fileName) }

    /// The runs.csv record of a planned run with its outcome (pending when the file has none for its hash).
    public func record(of run: PlanDocument.Run) -> RunsCSV.Record {
        var record = run.pendingRecord
        guard let outcome = runs[run.hash] else { return record }
        record.status = outcome.status
        record.stageSeconds = outcome.stageSeconds
        if let recorded = outcome.record { ResultsLayout.apply(recorded, to: &record) }
        return record
    }

    /// The per-video pair counts of every finished run (what the verdicts test).
    public var videoPairs: VideoPairsFile {
        VideoPairsFile(runs: runs.compactMapValues { $0.status == .done ? $0.record?.videoPairs : nil })
    }

    /// Writes deterministic JSON (sorted keys, pretty-printed) atomically.
    public func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: url)
    }

    /// Reads a file, refusing other versions; errors name the file.
    public static func read(from url: URL) throws -> RunResultsFile {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CacheError.io(path: url.path, message: "cannot read the run results: \(error.localizedDescription)")
        }
        struct Versioned: Decodable { var version: Int }
        guard let version = try? JSONDecoder().decode(Versioned.self, from: data).version else {
            throw CacheError.io(path: url.path, message: "not a run results file (no version)")
        }
        guard version == currentVersion else {
            throw CacheError.io(path: url.path, message: "run results version \(version); this f2lm reads version "
                + "\(currentVersion): run the plan again")
        }
        do { return try JSONDecoder().decode(RunResultsFile.self, from: data) } catch {
            throw CacheError.io(path: url.path, message: "cannot decode the run results: \(error)")
        }
    }
}
