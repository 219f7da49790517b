import Metrics

/// Turning the per-frame components into a score (`score.*`; read by the evaluation stage, except `score.split`,
/// which the scores stage reads: it decides which videos are scored).
public struct ScoreConfig: Sendable, Codable, Hashable {
    /// `score.gamma`: four fixed weights (per dataset in Table 10), written `[γ1, γ2, γ3, γ4]`, or `search` for the
    /// authors' grid (γ1 + γ2 + γ3 = 5, γ4 ∈ {0.25, 0.5, 0.75, 1}) searched on held-out videos only (`GammaSearch`,
    /// alternate test videos), never on the videos reported. A config file cannot choose `oracle`.
    public var gamma: GammaSetting
    /// Per-video or global standardisation and min-max scaling, written `per_video` or `global`.
    public var normalize: NormalizationScope
    /// σ (frames) of the Gaussian smoothing of each video's final score (scipy's `gaussian_filter1d`, truncate 4,
    /// mode reflect); 0 = off, the authors' default (their `--gaussian` flag gives σ = 10).
    public var smoothing: Double
    /// How fixed γ are applied: `authors` (γ1–γ3 × 5, γ4 as written: the weights of the runs behind Table 10, whose
    /// γ1–γ3 are their grid points divided by 5) or `literal` (Table 10's numbers as written).
    public var weightScale: Metrics.ScoreWeightScale
    /// `score.component_order`: whether γ1 weighs the label triplet (`paper`, the default) or the motion triplet
    /// (`authors_code`: the order their code sums the components in; see `Metrics.ScoreComponentOrder`).
    public var componentOrder: Metrics.ScoreComponentOrder
    /// `score.split`: the test videos (default) or a synthetic family's validation videos (`ScoreSplit`).
    public var split: ScoreSplit

    /// Creates a score configuration.
    public init(gamma: GammaSetting, normalize: NormalizationScope, smoothing: Double = 0,
                weightScale: Metrics.ScoreWeightScale = .authors, componentOrder: Metrics.ScoreComponentOrder = .paper,
                split: ScoreSplit = .test) {
        self.gamma = gamma
        self.normalize = normalize
        self.smoothing = smoothing
        self.weightScale = weightScale
        self.componentOrder = componentOrder
        self.split = split
    }

    enum CodingKeys: String, CodingKey {
        case gamma, normalize, smoothing, weightScale = "weight_scale", componentOrder = "component_order", split
    }

    /// Decodes `gamma` as `[γ1, γ2, γ3, γ4]` or `search` and `normalize` as `per_video` or `global`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        gamma = try container.decode(ConfigGamma.self, forKey: .gamma).setting
        normalize = try container.decode(ConfigNormalization.self, forKey: .normalize).scope
        smoothing = try container.decode(Double.self, forKey: .smoothing)
        weightScale = try container.decode(Metrics.ScoreWeightScale.self, forKey: .weightScale)
        componentOrder = try container.decode(Metrics.ScoreComponentOrder.self, forKey: .componentOrder)
        split = try container.decode(ScoreSplit.self, forKey: .split)
    }

    /// Encodes the config file's spellings (see `init(from:)`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ConfigGamma(gamma), forKey: .gamma)
        try container.encode(ConfigNormalization(normalize), forKey: .normalize)
        try container.encode(smoothing, forKey: .smoothing)
        try container.encode(weightScale, forKey: .weightScale)
        try container.encode(componentOrder, forKey: .componentOrder)
        try container.encode(split, forKey: .split)
    }
}
