import TensorCore

/// A 2-D convolution layer (PyTorch's `nn.Conv2d`, no groups or dilation): weight `[out, in, k, k]`, optional
/// bias `[out]`; input `[N, in, H, W]` → output `[N, out, (H + 2p − k)/s + 1, …]`.
/// Default initialisation as PyTorch: weight and bias `U(−1/√fanIn, 1/√fanIn)`.
public final class Conv2d: Module, UnaryLayer, WeightedLayer {
    /// Weight `[outputChannels, inputChannels, kernelSize, kernelSize]`.
    public let weight: Tensor
    /// Bias `[outputChannels]`, or nil.
    public let bias: Tensor?
    /// Stride in both directions.
    public let stride: Int
    /// Zero padding on every side.
    public let padding: Int

    /// A convolution with square kernel, stride and padding; parameters drawn from `generator`.
    public init(inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                bias: Bool = true, generator: inout RandomGenerator) {
        let shape = [outputChannels, inputChannels, kernelSize, kernelSize]
        let fan = inputChannels * kernelSize * kernelSize
        weight = Initializer.kaimingUniform.make(shape, fanIn: fan, generator: &generator)
        weight.requiresGrad = true
        if bias {
            let b = Initializer.kaimingUniform.make([outputChannels], fanIn: fan, generator: &generator)
            b.requiresGrad = true
            self.bias = b
        } else {
            self.bias = nil
        }
        self.stride = stride
        self.padding = padding
    }

    /// Fan-in of the weight for Kaiming initialisation.
    public var fanIn: Int { weight.shape[1] * weight.shape[2] * weight.shape[3] }

    /// `conv2d(input, weight, bias)` with this layer's stride and padding.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        Tensor.conv2d(input, weight: weight, bias: bias, stride: (stride, stride), padding: (padding, padding))
    }
}
