import Metrics

/// Where μ, σ, min and max of the anomaly score are computed.
public enum ScoreNormalization: String, Sendable, Codable, Hashable, CaseIterable {
    /// Per test video, as FFP and the authors' code do.
    case perVideo = "per_video"
    /// Over the whole test set.
    case global
}

/// Turning the per-frame components into a score (`score.*`; read by the evaluation stage).
public struct ScoreConfig: Sendable, Codable, Hashable {
    /// The γ weights (per dataset in Table 10) or `search`.
    public var gamma: GammaSetting
    /// Per-video or global standardisation and min-max scaling.
    public var normalize: ScoreNormalization
    /// σ (frames) of the Gaussian smoothing of each video's final score (scipy's `gaussian_filter1d`, truncate 4,
    /// mode reflect); 0 = off, the authors' default (their `--gaussian` flag gives σ = 10).
    public var smoothing: Double
    /// How fixed γ are applied: `authors` (γ1–γ3 × 5, γ4 as written: the weights of the runs behind Table 10, whose
    /// γ1–γ3 are their grid points divided by 5) or `literal` (Table 10's numbers as written).
    public var weightScale: Metrics.ScoreWeightScale
    /// `score.component_order`: whether γ1 weighs the label triplet (`paper`, the default) or the motion triplet
    /// (`authors_code`: the order their code sums the components in; see `Metrics.ScoreComponentOrder`).
    public var componentOrder: Metrics.ScoreComponentOrder

    /// Creates a score configuration.
    public init(gamma: GammaSetting, normalize: ScoreNormalization, smoothing: Double = 0,
                weightScale: Metrics.ScoreWeightScale = .authors, componentOrder: Metrics.ScoreComponentOrder = .paper) {
        self.gamma = gamma
        self.normalize = normalize
        self.smoothing = smoothing
        self.weightScale = weightScale
        self.componentOrder = componentOrder
    }

    enum CodingKeys: String, CodingKey {
        case gamma, normalize, smoothing, weightScale = "weight_scale", componentOrder = "component_order"
    }
}
