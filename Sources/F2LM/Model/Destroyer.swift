import NN
import TensorCore

/// The Destroyer: a plain U-Net (widths w, 2w, 4w, 8w, three downs and ups with skips) from a predicted frame to
/// a frame, `[N, C, H, W] → [N, C, H, W]`, tanh output. Checkpoint keys `unet.encoder.inc.conv1.weight`, ….
public final class Destroyer: Module, UnaryLayer {
    /// The U-Net.
    public let unet: UNet

    /// A Destroyer for `channels`-channel frames with base width `width`; weights truncated normal σ = 0.02.
    public init(channels: Int, width: Int, generator: inout RandomGenerator) {
        unet = UNet(inputChannels: channels, width: width, outputChannels: channels, generator: &generator)
        super.init()
        initializeWeights(.truncatedNormal(standardDeviation: 0.02), generator: &generator)
    }

    /// The Destroyer's output R for input frames (in [−1, 1]).
    public func callAsFunction(_ input: Tensor) -> Tensor { unet(input) }
}
