import Foundation
import JobRunner
import Metrics

/// `results/<spec>/video_pairs.json`: per finished run (by run hash), its AUC broken down by test-video pairs
/// (`VideoPairCounts`), computed from the run's per-frame scores in the cache. It is what the verdicts need, so
/// `f2lm tables` and `f2lm compare` can test claims from results/ alone.
public struct VideoPairsFile: Sendable, Equatable {
    /// Run hash → pair counts of its final per-frame score on the reported test videos.
    public var runs: [String: VideoPairCounts]

    /// A file holding these runs.
    public init(runs: [String: VideoPairCounts] = [:]) { self.runs = runs }

    /// File name inside a spec's results folder.
    public static let fileName = "video_pairs.json"

    /// `<folder>/video_pairs.json`.
    public static func url(in folder: URL) -> URL { folder.appendingPathComponent(fileName) }

    /// The pair counts of a run's final score: `scores.csv` combined exactly as the evaluation stage did (the γ and
    /// standardisation recorded in its `metrics.json`, on its reported videos). Throws when the files cannot be read
    /// or the recomputed AUC differs from the recorded one by more than 1e-9 (the two would describe different
    /// scores).
    public static func pairCounts(scores: URL, metrics: URL) throws -> VideoPairCounts {
        let recorded = try RunMetrics.read(from: metrics)
        let table = try ScoreTable.read(from: scores).subset(videos: recorded.reportedVideos)
        guard let weights = recorded.weights, let scope = recorded.normalizationScope else {
            throw PipelineError.evaluation("\(metrics.path): no γ weights or normalisation recorded")
        }
        let final = try ScoreCombination(weights: weights, normalization: scope).scores(for: table)
        let counts = try VideoPairCounts(scores: final, labels: table.labels, videos: table.rows.map(\.video))
        guard abs(counts.auc - recorded.auc) <= 1e-9 else {
            throw PipelineError.evaluation("\(scores.path): the recomputed AUC \(counts.auc) differs from "
                + "\(metrics.path) (\(recorded.auc))")
        }
        return counts
    }

    /// Writes deterministic JSON (sorted keys) atomically.
    public func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(try encoder.encode(runs), to: url)
    }

    /// Reads a file; a missing file is an empty one (results written before verdicts existed).
    public static func read(from url: URL) throws -> VideoPairsFile {
        guard FileManager.default.fileExists(atPath: url.path) else { return VideoPairsFile() }
        do {
            return VideoPairsFile(runs: try JSONDecoder().decode([String: VideoPairCounts].self,
                                                                 from: Data(contentsOf: url)))
        } catch {
            throw CacheError.io(path: url.path, message: "cannot read per-video pair counts: \(error)")
        }
    }
}
