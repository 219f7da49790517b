/// How noise is injected into the generator's prediction to train the Destroyer (Table 6).
public enum NoiseKind: String, Sendable, Codable, Hashable, CaseIterable {
    /// Channel-independent dropout: Dropout2d on each noised patch (channels zeroed independently, rescaled).
    case ci
    /// Channel-dependent dropout: one per-pixel mask shared by all channels, no rescaling.
    case cd
    /// No noise.
    case none
}

/// What a destroyed patch is pushed towards (Z_p, Table 9).
public enum DestroyingTarget: String, Sendable, Codable, Hashable, CaseIterable {
    /// A black patch (−1 after scaling to [−1, 1]).
    case zero
    /// The dataset's average background image.
    case background
    /// No destroying target: only the keep term (1 − diff_p)‖A_p − R_p‖² is trained.
    case none
}

/// The Destroyer and its training (`destroyer.*`; read by the destroyer stage).
public struct DestroyerConfig: Sendable, Codable, Hashable {
    /// The resolution at which `patchSize` is written (the paper's 256 × 256).
    public static let referenceResolution = 256

    /// Whether phase 2 runs; when false the run is the generator alone and the other keys are not read.
    public var enabled: Bool
    /// Noise kind for Destroyer training.
    public var noise: NoiseKind
    /// A patch is noised with probability drawn from this range each iteration (U[0.05, 0.5]).
    public var noiseRate: RateRange
    /// The dropout probability, drawn from this range each iteration (U[0.05, 0.5]).
    public var dropoutRate: RateRange
    /// Patch size P in pixels **at the paper's 256 × 256 resolution** (Table 7: 16, 32, 64, 128); the size used
    /// at the working resolution is `effectivePatchSize(resolution:)`.
    public var patchSize: Int
    /// λ, the scale of diff_p = min(λ(1 − SSIM), 1) (Table 8).
    public var lambda: Double
    /// The destroying target Z_p.
    public var zp: DestroyingTarget
    /// Side of the Gaussian SSIM window (11 in the authors' code; clipped to the patch when larger).
    public var ssimWindow: Int
    /// Standard deviation of the Gaussian SSIM window (1.5).
    public var ssimSigma: Double
    /// How SSIM sees the patches: `authors` ([−1, 1], L = 2 or 1 from the noised patch, σ fixed, off-centre even
    /// windows, no lower clamp on diff_p) or `unit` ([0, 1], L = 1, σ scaled with small windows, diff_p ≥ 0).
    public var ssimRange: PatchDifficulty.Range
    /// How a patch's squared error enters the loss: `patch_mean` (the authors': mean over C × p × p, summed over
    /// patches and batch) or `pixel_sum` (sum over every value, the authors' loss × C p²).
    public var lossReduction: DestroyerLoss.Reduction

    /// Creates a Destroyer configuration.
    public init(enabled: Bool, noise: NoiseKind, noiseRate: RateRange, dropoutRate: RateRange, patchSize: Int,
                lambda: Double, zp: DestroyingTarget, ssimWindow: Int, ssimSigma: Double,
                ssimRange: PatchDifficulty.Range = .authors, lossReduction: DestroyerLoss.Reduction = .patchMean) {
        self.enabled = enabled
        self.noise = noise
        self.noiseRate = noiseRate
        self.dropoutRate = dropoutRate
        self.patchSize = patchSize
        self.lambda = lambda
        self.zp = zp
        self.ssimWindow = ssimWindow
        self.ssimSigma = ssimSigma
        self.ssimRange = ssimRange
        self.lossReduction = lossReduction
    }

    /// The patch size in pixels at working resolution `resolution`: `patchSize × resolution / 256`
    /// (e.g. 32 at 256 → 4 at 32). Validation guarantees it is a whole number that divides the resolution.
    public func effectivePatchSize(resolution: Int) -> Int {
        patchSize * resolution / Self.referenceResolution
    }

    enum CodingKeys: String, CodingKey {
        case enabled, noise, noiseRate = "noise_rate", dropoutRate = "dropout_rate", patchSize = "patch_size"
        case lambda, zp, ssimWindow = "ssim_window", ssimSigma = "ssim_sigma"
        case ssimRange = "ssim_range", lossReduction = "loss_reduction"
    }
}
