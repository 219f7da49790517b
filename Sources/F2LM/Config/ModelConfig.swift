/// Which generator is trained in phase 1.
public enum GeneratorArchitecture: String, Sendable, Codable, Hashable, CaseIterable {
    /// The F2LM generator (frame, label and motion encoders, FTC, fusion, FFP decoder).
    case f2lm
    /// The FFP baseline (Liu et al.): a plain U-Net frame predictor, frame encoder only, no FTC or fusion.
    case ffp
}

/// One of the F2LM encoders.
public enum EncoderKind: String, Sendable, Codable, Hashable, CaseIterable {
    /// E_f, on the input frames (always present).
    case frame
    /// E_l, on label maps.
    case label
    /// E_m, on motion (optical flow).
    case motion
}

/// How the bottleneck features are fused before the decoder (Table 4).
public enum FusionKind: String, Sendable, Codable, Hashable, CaseIterable {
    /// Concatenate on channels, 3×3 conv + ReLU, squeeze-and-excitation.
    case concatSE = "concat_se"
    /// Element-wise sum.
    case add
}

/// The generator's architecture (`model.*`; read by the generator stage).
public struct ModelConfig: Sendable, Codable, Hashable {
    /// F2LM or the FFP baseline (`model.architecture`).
    public var architecture: GeneratorArchitecture
    /// Base width: channels of the first encoder level (64 in the paper; levels are ×1, ×2, ×4, ×8).
    public var width: Int
    /// Encoders used; must contain `frame`.
    public var encoders: [EncoderKind]
    /// Feature transformation/conversion from Z_f to Z'_l and Z'_m, trained with the triplet loss.
    public var ftc: Bool
    /// Fusion of the bottleneck features.
    public var fusion: FusionKind
    /// Triplet margin α (Table 5; 0.2 in the paper).
    public var alpha: Double
    /// Reduction ratio of the squeeze-and-excitation block (8 in the authors' code).
    public var seReduction: Int

    /// Creates a model configuration.
    public init(architecture: GeneratorArchitecture, width: Int, encoders: [EncoderKind], ftc: Bool,
                fusion: FusionKind, alpha: Double, seReduction: Int) {
        self.architecture = architecture
        self.width = width
        self.encoders = encoders
        self.ftc = ftc
        self.fusion = fusion
        self.alpha = alpha
        self.seReduction = seReduction
    }

    enum CodingKeys: String, CodingKey {
        case architecture, width, encoders, ftc, fusion, alpha, seReduction = "se_reduction"
    }
}
