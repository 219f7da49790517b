import NN
import TensorCore

/// The LSGAN patch discriminator of FFP and the authors' code, width-scaled: 4×4 convolutions
/// C → 2w (stride 2) → 4w (s2) → 8w (s2) → 8w (s1) → 1 (s1), padding 2, LeakyReLU 0.2 between them, no
/// normalisation, sigmoid output. `[N, C, H, W] → [N, 1, H', W']` (H = 32 gives 7×7) of per-patch "real" scores.
/// At w = 64 this is the paper's 128/256/512/512/1. Children `conv1` … `conv5`.
public final class PatchDiscriminator: Module {
    /// C → 2w, stride 2.
    public let conv1: Conv2d
    /// 2w → 4w, stride 2.
    public let conv2: Conv2d
    /// 4w → 8w, stride 2.
    public let conv3: Conv2d
    /// 8w → 8w, stride 1.
    public let conv4: Conv2d
    /// 8w → 1, stride 1.
    public let conv5: Conv2d

    /// A discriminator for `channels`-channel frames with base width `width`; weights by `initialization` (the
    /// authors': conv weights N(0, 0.02²), biases PyTorch's default U(±1/√fan_in)).
    public init(channels: Int, width: Int, initialization: WeightInitialization = .authors,
                generator: inout RandomGenerator) {
        func conv(_ i: Int, _ o: Int, _ s: Int) -> Conv2d {
            Conv2d(inputChannels: i, outputChannels: o, kernelSize: 4, stride: s, padding: 2, generator: &generator)
        }
        conv1 = conv(channels, 2 * width, 2)
        conv2 = conv(2 * width, 4 * width, 2)
        conv3 = conv(4 * width, 8 * width, 2)
        conv4 = conv(8 * width, 8 * width, 1)
        conv5 = conv(8 * width, 1, 1)
        super.init()
        initialization.apply(to: self, network: .discriminator, generator: &generator)
    }

    /// Per-patch probabilities that `frames` are real.
    public func callAsFunction(_ frames: Tensor) -> Tensor {
        var x = conv1(frames).leakyRelu(negativeSlope: 0.2)
        x = conv2(x).leakyRelu(negativeSlope: 0.2)
        x = conv3(x).leakyRelu(negativeSlope: 0.2)
        x = conv4(x).leakyRelu(negativeSlope: 0.2)
        return conv5(x).sigmoid()
    }
}
