import TensorCore

/// The U-Net decoder of FFP (Table 2 of METHOD.md): for each level, `ups.i` = ConvTranspose2d(c → c/2, k 2, s 2),
/// concatenation `[skip, up]` on channels, `convs.i` = DoubleConv(c → c/2), for c = 8w, 4w, 2w; then `outc` =
/// 3×3 conv (w → out, bias) and tanh.
public final class UNetDecoder: Module {
    /// Transposed 2×2 stride-2 convolutions halving the width.
    public let ups: [ConvTranspose2d]
    /// Double convs after each concatenation.
    public let convs: [DoubleConv]
    /// Output 3×3 convolution (w → out).
    public let outc: Conv2d

    /// A decoder from a bottleneck of width `8·width` to `outputChannels` channels.
    public init(width: Int, outputChannels: Int, generator: inout RandomGenerator) {
        let levels = [8 * width, 4 * width, 2 * width]
        ups = levels.map { ConvTranspose2d(inputChannels: $0, outputChannels: $0 / 2, kernelSize: 2, stride: 2, generator: &generator) }
        convs = levels.map { DoubleConv(inputChannels: $0, outputChannels: $0 / 2, generator: &generator) }
        outc = Conv2d(inputChannels: width, outputChannels: outputChannels, kernelSize: 3, padding: 1, generator: &generator)
    }

    /// Decodes `bottleneck` (`[N, 8w, H/8, W/8]`) with `skips` = `[x3, x2, x1]` (coarsest first) to `[N, out, H, W]` in (−1, 1).
    public func callAsFunction(_ bottleneck: Tensor, skips: [Tensor]) -> Tensor {
        precondition(skips.count == ups.count, "UNetDecoder: expected \(ups.count) skip tensors, got \(skips.count)")
        var z = bottleneck
        for ((up, conv), skip) in zip(zip(ups, convs), skips) {
            z = conv(Tensor.concatenate(channels: [skip, up(z)]))
        }
        return outc(z).tanh()
    }
}
