import TensorCore

/// A fully connected layer (PyTorch's `nn.Linear`): weight `[out, in]`, bias `[out]`, `y = x·Wᵀ + b` on `[N, in]`.
public final class Linear: Module, UnaryLayer, WeightedLayer {
    /// Weight `[outputFeatures, inputFeatures]`.
    public let weight: Tensor
    /// Bias `[outputFeatures]`, or nil.
    public let bias: Tensor?

    /// A linear layer initialised as PyTorch does (`U(−1/√in, 1/√in)` for weight and bias).
    public init(inputFeatures: Int, outputFeatures: Int, bias: Bool = true, generator: inout RandomGenerator) {
        weight = Initializer.kaimingUniform.make([outputFeatures, inputFeatures], generator: &generator)
        weight.requiresGrad = true
        if bias {
            let b = Initializer.kaimingUniform.make([outputFeatures], fanIn: inputFeatures, generator: &generator)
            b.requiresGrad = true
            self.bias = b
        } else {
            self.bias = nil
        }
    }

    /// Fan-in of the weight for Kaiming initialisation.
    public var fanIn: Int { weight.shape[1] }

    /// `x·Wᵀ + b` for `[N, in]` input.
    public func callAsFunction(_ input: Tensor) -> Tensor { Tensor.linear(input, weight: weight, bias: bias) }
}
