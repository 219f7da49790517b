import TensorCore

/// Layers applied in order (PyTorch's `nn.Sequential`); children are named `0`, `1`, ….
public final class Sequential: Module, UnaryLayer {
    /// The layers in application order.
    public let layers: [any UnaryLayer]
    /// A sequence of layers.
    public init(_ layers: [any UnaryLayer]) { self.layers = layers }
    /// PyTorch's names for the running statistics (or flattened children).
    public override var labelOverrides: [String: String] { ["layers": ""] }
    /// Applies each layer to the previous output.
    public func callAsFunction(_ input: Tensor) -> Tensor { layers.reduce(input) { $1($0) } }
}
