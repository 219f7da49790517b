import Foundation
import JobRunner
import Metrics

/// `results/<spec>/video_pairs.json`: per finished run (by run hash), its AUC broken down by test-video pairs
/// (`VideoPairCounts`), copied from the runs' records (`RunRecord.videoPairs`). It is what the verdicts need, so
/// `f2lm compare` can test claims from results/ alone.
public struct VideoPairsFile: Sendable, Equatable {
    /// Run hash → pair counts of its final per-frame score on the reported test videos.
    public var runs: [String: VideoPairCounts]

    /// A file holding these runs.
    public init(runs: [String: VideoPairCounts] = [:]) { self.runs = runs }

    /// File name inside a spec's results folder.
    public static let fileName = "video_pairs.json"

    /// `<folder>/video_pairs.json`.
    public static func url(in folder: URL) -> URL { folder.appendingPathComponent(fileName) }

    /// The pair counts of a run's final score: the score table combined exactly as the evaluation did (its γ and
    /// standardisation, on its reported videos). Throws when the recomputed AUC differs from the evaluated one by
    /// more than 1e-9 (the two would describe different scores, e.g. a smoothed one); `source` names the scores file.
    public static func pairCounts(table: ScoreTable, metrics: RunMetrics, source: String) throws -> VideoPairCounts {
        let reported = table.subset(videos: metrics.reportedVideos)
        guard let weights = metrics.weights, let scope = metrics.normalizationScope else {
            throw PipelineError.evaluation("\(source): no γ weights or normalisation evaluated")
        }
        let final = try ScoreCombination(weights: weights, normalization: scope).scores(for: reported)
        let counts = try VideoPairCounts(scores: final, labels: reported.labels, videos: reported.rows.map(\.video))
        guard abs(counts.auc - metrics.auc) <= 1e-9 else {
            throw PipelineError.evaluation("\(source): the recomputed AUC \(counts.auc) differs from the evaluated one "
                + "(\(metrics.auc))")
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
