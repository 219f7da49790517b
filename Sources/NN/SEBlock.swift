import TensorCore

/// Squeeze-and-excitation: `s = sigmoid(fc2(relu(fc1(GAP(x)))))`, output `x · s` per channel.
/// `fc1`: C → C/r, `fc2`: C/r → C (with biases). `[N, C, H, W] → [N, C, H, W]`.
public final class SEBlock: Module, UnaryLayer {
    /// Squeeze layer C → C/r.
    public let fc1: Linear
    /// Excitation layer C/r → C.
    public let fc2: Linear

    /// An SE block for `channels` channels with reduction ratio `reduction` (C/r rounded down, at least 1).
    public init(channels: Int, reduction: Int = 8, generator: inout RandomGenerator) {
        let hidden = max(1, channels / reduction)
        fc1 = Linear(inputFeatures: channels, outputFeatures: hidden, generator: &generator)
        fc2 = Linear(inputFeatures: hidden, outputFeatures: channels, generator: &generator)
    }

    /// Rescales each channel of `input` by its excitation weight.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        let (n, c, _, _) = input.nchw
        let squeezed = input.globalAveragePool().reshaped([n, c])
        let excitation = fc2(fc1(squeezed).relu()).sigmoid().reshaped([n, c, 1, 1])
        return input * excitation
    }
}
