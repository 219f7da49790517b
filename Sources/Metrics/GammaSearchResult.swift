/// The outcome of a γ search: the chosen weights and the evaluation reported for them.
public struct GammaSearchResult: Sendable, Equatable, Codable {
    /// The chosen γ (weights of components absent from the table are 0).
    public let weights: ScoreWeights
    /// `true` when γ was chosen on the very videos it is evaluated on (test-set selection, as the authors did).
    /// Every output showing such a result must label it "oracle".
    public let isOracle: Bool
    /// The best AUC during selection (on `selectionVideos`).
    public let selectionAUC: Double
    /// The videos γ was chosen on (validation part, or all test videos for the oracle).
    public let selectionVideos: [String]
    /// The videos `evaluation` covers (held-out part, or all test videos for the oracle).
    public let reportedVideos: [String]
    /// AUC and EER of the chosen γ on `reportedVideos`.
    public let evaluation: Evaluation
    /// Number of distinct candidates scored.
    public let candidateCount: Int

    /// Creates a result (for decoding and tests; searches build it themselves).
    public init(
        weights: ScoreWeights, isOracle: Bool, selectionAUC: Double, selectionVideos: [String],
        reportedVideos: [String], evaluation: Evaluation, candidateCount: Int
    ) {
        self.weights = weights
        self.isOracle = isOracle
        self.selectionAUC = selectionAUC
        self.selectionVideos = selectionVideos
        self.reportedVideos = reportedVideos
        self.evaluation = evaluation
        self.candidateCount = candidateCount
    }

    /// How γ was selected, for tables and logs: `oracle (γ chosen on the reported test videos)` or
    /// `validation (γ chosen on N held-in videos, reported on M held-out videos)`.
    public var selectionLabel: String {
        isOracle
            ? "oracle (γ chosen on the reported test videos)"
            : "validation (γ chosen on \(selectionVideos.count) videos, reported on \(reportedVideos.count) held-out videos)"
    }
}
