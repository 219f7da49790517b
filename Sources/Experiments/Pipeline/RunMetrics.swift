import F2LM
import Foundation
import Metrics

/// The metrics of a run's evaluation (part of its `RunRecord`): the run's frame-level AUC and EER (fractions in [0, 1]), the
/// AUC of each score component alone, the γ used and whether it was searched, and the videos reported on.
public struct RunMetrics: Codable, Sendable, Equatable {
    /// Frame-level ROC AUC of the combined score.
    public var auc: Double
    /// Equal error rate (the authors' definition: FPR where |FPR − (1 − TPR)| is smallest).
    public var eer: Double
    /// AUC of each present component alone (JSON keys: the column names `label_triplet`, …).
    public var componentAUCs: [ScoreComponent: Double]
    /// The weights that multiplied the standardised components, in γ order [label, motion, generator, Destroyer]:
    /// the configured γ after `score.weight_scale`, or the weights chosen by the search (on the authors' scale).
    public var gamma: [Double]
    /// True when γ was chosen by a grid search on held-out validation videos (never on the reported ones).
    public var gammaSearched: Bool
    /// Standardisation scope (`per-video` or `global`).
    public var normalization: String
    /// The test videos the AUC and EER are computed on.
    public var reportedVideos: [String]
    /// Frames evaluated.
    public var frameCount: Int
    /// σ of the Gaussian smoothing of each video's score (`score.smoothing`); nil or absent = none.
    public var smoothing: Double?

    /// `gamma` as the score combination's weights (nil unless it holds four values).
    public var weights: ScoreWeights? {
        gamma.count == 4
            ? ScoreWeights(labelTriplet: gamma[0], motionTriplet: gamma[1], generatorMSE: gamma[2], destroyerMSE: gamma[3])
            : nil
    }

    /// `normalization` as a scope (nil when it names none).
    public var normalizationScope: NormalizationScope? { try? NormalizationScope(parsing: normalization) }

    /// Evaluates a score table with the run's `score.*` settings: fixed γ (assigned to components by
    /// `score.component_order`, scaled by `score.weight_scale`), or
    /// `search` = the authors' γ grid searched on alternate test videos with the AUC reported on the others (never
    /// the oracle choice on all test videos); each video's score smoothed when `score.smoothing` > 0.
    public static func evaluate(table: ScoreTable, source: String, score: ScoreConfig) throws -> RunMetrics {
        var gamma = score.gamma
        if case .fixed(let weights) = gamma { gamma = .fixed(score.weightScale.effective(score.componentOrder.weights(weights))) }
        let scope = score.normalize
        let smoothing = score.smoothing > 0 ? GaussianSmoothing(sigma: score.smoothing) : nil
        let report = try EvaluationReport(table: table, source: source, gamma: gamma, normalization: scope,
                                          search: GammaSearch(grid: .authors, split: .alternate), smoothing: smoothing)
        let weights = report.weights ?? .equal
        return RunMetrics(auc: report.evaluation.auc, eer: report.evaluation.equalErrorRate.nearest,
                          componentAUCs: report.componentAUCs ?? [:],
                          gamma: [weights.labelTriplet, weights.motionTriplet, weights.generatorMSE, weights.destroyerMSE],
                          gammaSearched: report.search != nil, normalization: scope.rawValue,
                          reportedVideos: report.reportedVideos, frameCount: report.evaluation.frameCount,
                          smoothing: smoothing?.sigma)
    }
}
