import TensorCore

/// Weight initialisation schemes. `fanIn` of a weight `[out, in, kh, kw]` is `in·kh·kw` (`[out, in]` → `in`);
/// for a transposed convolution weight `[in, out, kh, kw]` PyTorch's rule gives `out·kh·kw`, used here too.
public enum Initializer: Sendable, Equatable {
    /// `N(0, std²)`.
    case normal(standardDeviation: Float)
    /// `N(0, std²)` redrawn beyond ±2σ (`trunc_normal_` with bounds ±2σ).
    case truncatedNormal(standardDeviation: Float)
    /// He/Kaiming normal for ReLU: `N(0, 2 / fanIn)`.
    case kaimingNormal
    /// PyTorch's default for conv and linear weights: `kaiming_uniform_(a=√5)` = `U(−1/√fanIn, 1/√fanIn)`.
    case kaimingUniform
    /// All zeros.
    case zeros

    /// The fan-in of a weight of `shape` (see the type's documentation).
    public static func fanIn(of shape: [Int]) -> Int {
        shape.count <= 1 ? max(shape.first ?? 1, 1) : shape.dropFirst().reduce(1, *)
    }

    /// A new tensor of `shape` drawn by this scheme (`fanIn` overrides the shape's fan-in when given).
    public func make(_ shape: [Int], fanIn: Int? = nil, generator: inout RandomGenerator) -> Tensor {
        let fan = Float(fanIn ?? Initializer.fanIn(of: shape))
        switch self {
        case .normal(let s): return Tensor.randomNormal(shape, standardDeviation: s, generator: &generator)
        case .truncatedNormal(let s): return Tensor.randomTruncatedNormal(shape, standardDeviation: s, generator: &generator)
        case .kaimingNormal: return Tensor.randomNormal(shape, standardDeviation: (2 / fan).squareRoot(), generator: &generator)
        case .kaimingUniform:
            let bound = 1 / fan.squareRoot()
            return Tensor.randomUniform(shape, lowerBound: -bound, upperBound: bound, generator: &generator)
        case .zeros: return Tensor.zeros(shape)
        }
    }

    /// Overwrites `tensor`'s values in place with a fresh draw.
    public func fill(_ tensor: Tensor, fanIn: Int? = nil, generator: inout RandomGenerator) {
        let fresh = make(tensor.shape, fanIn: fanIn, generator: &generator)
        tensor.withUnsafeMutableBufferPointer { dst in fresh.withUnsafeBufferPointer { dst.baseAddress!.update(from: $0.baseAddress!, count: $0.count) } }
    }
}

/// A layer with a weight that `initializeWeights` re-draws and an optional bias it zeroes.
public protocol WeightedLayer: Module {
    /// The weight tensor.
    var weight: Tensor { get }
    /// The bias tensor, if any.
    var bias: Tensor? { get }
    /// The fan-in used by Kaiming schemes.
    var fanIn: Int { get }
}

extension Module {
    /// This module and all descendants in pre-order.
    public func modules() -> [Module] { [self] + namedChildren().flatMap { $0.module.modules() } }

    /// Re-initialises the weight of every convolution and linear layer in this tree with `initializer` and zeroes
    /// their biases (BatchNorm keeps γ = 1, β = 0), in pre-order, drawing from `generator`.
    public func initializeWeights(_ initializer: Initializer, generator: inout RandomGenerator) {
        for module in modules() {
            guard let layer = module as? any WeightedLayer else { continue }
            initializer.fill(layer.weight, fanIn: layer.fanIn, generator: &generator)
            if let bias = layer.bias { Initializer.zeros.fill(bias, generator: &generator) }
        }
    }
}
