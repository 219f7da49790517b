import TensorCore

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

/// The distance of the triplet loss and of the per-frame triplet score (`model.triplet_distance`).
public enum TripletDistance: String, Sendable, Codable, Hashable, CaseIterable {
    /// The authors': PyTorch's `PairwiseDistance(2)` on NCHW features, `‖a − b + 1e-6‖₂` over the last axis (W),
    /// giving N×C×H distances whose hinges are averaged.
    case width
    /// The L2 distance between the channel vectors at each position, N×H×W distances (this project's first choice).
    case channel

    /// The TensorCore axis.
    public var axis: TripletDistanceAxis { self == .width ? .width : .channels }
}

/// Which bottleneck features the FTC converts and the fusion takes (`model.fusion_input`).
public enum FusionInput: String, Sendable, Codable, Hashable, CaseIterable {
    /// The authors': FTC converts the raw bottleneck X4 and the fusion concatenates raw X4 with the raw
    /// conversions; L2 normalisation only produces the triplet features.
    case raw
    /// The normalised Z_f is converted, and the normalised features are fused (this project's first choice).
    case normalized
}

/// How the generator, discriminator and Destroyer weights are drawn (`model.initialization`).
public enum WeightInitialization: String, Sendable, Codable, Hashable, CaseIterable {
    /// The authors': generator Conv2d/Linear weights N(0, 0.02²) (timm's `trunc_normal_` with absolute bounds ±2,
    /// i.e. ±100σ), biases 0, ConvTranspose2d at PyTorch's default; discriminator and Destroyer conv and transposed
    /// conv weights N(0, 0.02²) with PyTorch's default biases; Destroyer BatchNorm γ ~ N(1, 0.02²).
    case authors
    /// Every conv, transposed conv and linear weight truncated normal σ = 0.02 redrawn beyond ±2σ, biases 0 (this
    /// project's first choice).
    case truncatedNormal = "truncated_normal"
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
    /// Distance of the triplet loss and score (authors: `width`).
    public var tripletDistance: TripletDistance
    /// Features fed to FTC and fusion (authors: `raw`).
    public var fusionInput: FusionInput
    /// Weight initialisation of the networks (authors: `authors`). The Destroyer reads it too (its stage key
    /// includes the generator's key).
    public var initialization: WeightInitialization

    /// True when this describes the plain FFP U-Net: `architecture: ffp`, or `f2lm` without a label or motion
    /// encoder (then FTC has nothing to convert and there is no fusion). `F2LMGenerator` builds the same network,
    /// with the same weights from the same seed, in every such case.
    public var isFramePredictionBaseline: Bool {
        architecture == .ffp || !(encoders.contains(.label) || encoders.contains(.motion))
    }

    /// Creates a model configuration.
    public init(architecture: GeneratorArchitecture, width: Int, encoders: [EncoderKind], ftc: Bool,
                fusion: FusionKind, alpha: Double, seReduction: Int, tripletDistance: TripletDistance = .width,
                fusionInput: FusionInput = .raw, initialization: WeightInitialization = .authors) {
        self.architecture = architecture
        self.width = width
        self.encoders = encoders
        self.ftc = ftc
        self.fusion = fusion
        self.alpha = alpha
        self.seReduction = seReduction
        self.tripletDistance = tripletDistance
        self.fusionInput = fusionInput
        self.initialization = initialization
    }

    enum CodingKeys: String, CodingKey {
        case architecture, width, encoders, ftc, fusion, alpha, seReduction = "se_reduction"
        case tripletDistance = "triplet_distance", fusionInput = "fusion_input", initialization
    }
}
