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

    /// Creates a score configuration.
    public init(gamma: GammaSetting, normalize: ScoreNormalization) {
        self.gamma = gamma
        self.normalize = normalize
    }
}
