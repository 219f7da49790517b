import TensorCore

/// The FFP U-Net generator: `UNetEncoder` + `UNetDecoder` with skips. `[N, in, H, W] → [N, out, H, W]`,
/// H and W divisible by 8.
public final class UNet: Module, UnaryLayer {
    /// The encoder.
    public let encoder: UNetEncoder
    /// The decoder.
    public let decoder: UNetDecoder

    /// A U-Net with base width `width`.
    public init(inputChannels: Int, width: Int, outputChannels: Int, generator: inout RandomGenerator) {
        encoder = UNetEncoder(inputChannels: inputChannels, width: width, generator: &generator)
        decoder = UNetDecoder(width: width, outputChannels: outputChannels, generator: &generator)
    }

    /// The predicted image.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        let f = encoder(input)
        return decoder(f[3], skips: [f[2], f[1], f[0]])
    }
}
