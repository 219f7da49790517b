import TensorCore

/// A transposed 2-D convolution layer (PyTorch's `nn.ConvTranspose2d`): weight `[in, out, k, k]`, bias `[out]`;
/// input `[N, in, H, W]` → output `[N, out, (H − 1)·s − 2p + k + outputPadding, …]`.
public final class ConvTranspose2d: Module, UnaryLayer, WeightedLayer {
    /// Weight `[inputChannels, outputChannels, kernelSize, kernelSize]`.
    public let weight: Tensor
    /// Bias `[outputChannels]`, or nil.
    public let bias: Tensor?
    /// Stride in both directions.
    public let stride: Int
    /// Padding removed from every side of the full output.
    public let padding: Int
    /// Extra rows/columns added at the bottom/right of the output.
    public let outputPadding: Int

    /// A transposed convolution; parameters drawn as PyTorch does (`U(−1/√fanIn, 1/√fanIn)`, fanIn = out·k²).
    public init(inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                outputPadding: Int = 0, bias: Bool = true, generator: inout RandomGenerator) {
        let fan = outputChannels * kernelSize * kernelSize
        weight = Initializer.kaimingUniform.make([inputChannels, outputChannels, kernelSize, kernelSize], fanIn: fan, generator: &generator)
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
        self.outputPadding = outputPadding
    }

    /// Fan-in of the weight for Kaiming initialisation.
    public var fanIn: Int { weight.shape[1] * weight.shape[2] * weight.shape[3] }

    /// `convTranspose2d(input, weight, bias)` with this layer's stride and padding.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        Tensor.convTranspose2d(input, weight: weight, bias: bias, stride: (stride, stride), padding: (padding, padding),
                               outputPadding: (outputPadding, outputPadding))
    }
}
