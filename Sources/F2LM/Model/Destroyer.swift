import NN
import TensorCore

/// The Destroyer: a plain U-Net (widths w, 2w, 4w, 8w, three downs and ups with skips) from a predicted frame to
/// a frame, `[N, C, H, W] → [N, C, H, W]`, tanh output. Checkpoint keys `unet.encoder.inc.conv1.weight`, ….
public final class Destroyer: Module, UnaryLayer {
    /// The U-Net.
    public let unet: UNet

    /// A Destroyer for `channels`-channel frames with base width `width`; weights by `initialization` (the
    /// authors': conv and transposed-conv weights N(0, 0.02²), biases PyTorch's default, BatchNorm γ ~ N(1, 0.02²)).
    public init(channels: Int, width: Int, initialization: WeightInitialization = .authors,
                generator: inout RandomGenerator) {
        unet = UNet(inputChannels: channels, width: width, outputChannels: channels, generator: &generator)
        super.init()
        initialization.apply(to: self, network: .destroyer, generator: &generator)
    }

    /// The Destroyer's output R for input frames (in [−1, 1]).
    public func callAsFunction(_ input: Tensor) -> Tensor { unet(input) }
}
