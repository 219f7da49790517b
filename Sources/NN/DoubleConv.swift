import TensorCore

/// Two rounds of [3×3 convolution (padding 1, no bias), BatchNorm, ReLU] — the U-Net "double conv".
/// `[N, in, H, W] → [N, out, H, W]`. Children `conv1`, `bn1`, `conv2`, `bn2`.
public final class DoubleConv: Module, UnaryLayer {
    /// First 3×3 convolution.
    public let conv1: Conv2d
    /// Batch norm after `conv1`.
    public let bn1: BatchNorm2d
    /// Second 3×3 convolution.
    public let conv2: Conv2d
    /// Batch norm after `conv2`.
    public let bn2: BatchNorm2d

    /// A double conv from `inputChannels` to `outputChannels` (the middle width is `outputChannels`).
    public init(inputChannels: Int, outputChannels: Int, generator: inout RandomGenerator) {
        conv1 = Conv2d(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 3, padding: 1, bias: false, generator: &generator)
        bn1 = BatchNorm2d(featureCount: outputChannels)
        conv2 = Conv2d(inputChannels: outputChannels, outputChannels: outputChannels, kernelSize: 3, padding: 1, bias: false, generator: &generator)
        bn2 = BatchNorm2d(featureCount: outputChannels)
    }

    /// `relu(bn2(conv2(relu(bn1(conv1(x))))))`.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        bn2.withReLU(conv2(bn1.withReLU(conv1(input))))
    }
}
