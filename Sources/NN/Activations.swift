import TensorCore

/// `max(x, 0)` as a layer.
public final class ReLU: Module, UnaryLayer {
    /// Creates the layer.
    public override init() {}
    /// `relu(x)`.
    public func callAsFunction(_ input: Tensor) -> Tensor { input.relu() }
}

/// Leaky ReLU as a layer: `x` for x > 0, `negativeSlope · x` otherwise.
public final class LeakyReLU: Module, UnaryLayer {
    /// The slope for negative inputs.
    public let negativeSlope: Float
    /// Creates the layer.
    public init(negativeSlope: Float = 0.01) { self.negativeSlope = negativeSlope }
    /// `leakyRelu(x)`.
    public func callAsFunction(_ input: Tensor) -> Tensor { input.leakyRelu(negativeSlope: negativeSlope) }
}

/// `tanh` as a layer.
public final class Tanh: Module, UnaryLayer {
    /// Creates the layer.
    public override init() {}
    /// `tanh(x)`.
    public func callAsFunction(_ input: Tensor) -> Tensor { input.tanh() }
}

/// The logistic sigmoid as a layer.
public final class Sigmoid: Module, UnaryLayer {
    /// Creates the layer.
    public override init() {}
    /// `sigmoid(x)`.
    public func callAsFunction(_ input: Tensor) -> Tensor { input.sigmoid() }
}

/// 2×2 max pooling with stride 2 as a layer.
public final class MaxPool2d: Module, UnaryLayer {
    /// Creates the layer.
    public override init() {}
    /// `maxPool2d(x)`.
    public func callAsFunction(_ input: Tensor) -> Tensor { input.maxPool2d() }
}
