import TensorCore

/// What one forward pass of `F2LMGenerator` yields. Features are `[N, 8w, H/8, W/8]`, L2-normalised over channels.
public struct GeneratorOutput {
    /// The predicted next frame `[N, C, H, W]` in (−1, 1).
    public var prediction: Tensor
    /// Z_f, the frame encoder's normalised bottleneck.
    public var frameFeature: Tensor
    /// Z_l, the label encoder's normalised bottleneck (nil without E_l).
    public var labelFeature: Tensor?
    /// Z_m, the motion encoder's normalised bottleneck (nil without E_m).
    public var motionFeature: Tensor?
    /// Z'_l = FTC(Z_f) towards labels (nil without E_l or FTC).
    public var convertedLabelFeature: Tensor?
    /// Z'_m = FTC(Z_f) towards motion (nil without E_m or FTC).
    public var convertedMotionFeature: Tensor?
}
