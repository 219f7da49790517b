/// Frame-level evaluation of one set of anomaly scores: ROC AUC and EER, plus the counts behind them.
public struct Evaluation: Sendable, Equatable, Codable {
    /// Area under the frame-level ROC curve (scikit-learn's `roc_auc_score`), in [0, 1].
    public let auc: Double
    /// Equal error rate; the tables report `equalErrorRate.nearest` (the authors' definition).
    public let equalErrorRate: EqualErrorRate
    /// Number of scored frames.
    public let frameCount: Int
    /// Number of anomalous frames among them.
    public let anomalousCount: Int

    /// Evaluates `scores` (higher = more anomalous) against `labels` (`true` = anomalous).
    /// Throws `MetricsError` on degenerate input (empty, length mismatch, non-finite score, one class).
    public init(scores: [Double], labels: [Bool]) throws {
        let curve = try ROCCurve(scores: scores, labels: labels)
        self.init(curve: curve)
    }

    /// Evaluates an already built ROC curve.
    public init(curve: ROCCurve) {
        auc = curve.area
        equalErrorRate = curve.equalErrorRate
        frameCount = curve.positiveCount + curve.negativeCount
        anomalousCount = curve.positiveCount
    }
}
