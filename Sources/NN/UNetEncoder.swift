import TensorCore

/// The U-Net encoder of FFP (Table 1 of METHOD.md): `inc` = DoubleConv(in → w), then `downs.i` = max-pool 2×2 +
/// DoubleConv doubling the width, three times. Returns the four feature maps `[x1, x2, x3, x4]` with widths
/// w, 2w, 4w, 8w at H, H/2, H/4, H/8.
public final class UNetEncoder: Module {
    /// Input double conv (in → w).
    public let inc: DoubleConv
    /// Down blocks (max-pool + double conv), widths 2w, 4w, 8w.
    public let downs: [DoubleConv]

    /// An encoder for `inputChannels` channels with base width `width`.
    public init(inputChannels: Int, width: Int, generator: inout RandomGenerator) {
        inc = DoubleConv(inputChannels: inputChannels, outputChannels: width, generator: &generator)
        downs = [1, 2, 4].map { DoubleConv(inputChannels: width * $0, outputChannels: width * $0 * 2, generator: &generator) }
    }

    /// The features at the four resolutions, finest first.
    public func callAsFunction(_ input: Tensor) -> [Tensor] {
        var features = [inc(input)]
        for down in downs { features.append(down(features[features.count - 1].maxPool2d())) }
        return features
    }
}
