import TensorCore

/// Two rounds of [3×3 convolution (padding 1, no bias), BatchNorm, ReLU] — the U-Net "double conv".
/// `[N, in, H, W] → [N, out, H, W]`. Children `conv1`, `bn1`, `conv2`, `bn2`.
public final class DoubleConv: Module, UnaryLayer {
    public let conv1: Conv2d
    public let bn1: BatchNorm2d
    public let conv2: Conv2d
    public let bn2: BatchNorm2d

    /// A double conv from `inputChannels` to `outputChannels` (the middle width is `outputChannels`).
    public init(inputChannels: Int, outputChannels: Int, generator: inout RandomGenerator) {
        conv1 = Conv2d(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 3, padding: 1, bias: false, generator: &generator)
        bn1 = BatchNorm2d(featureCount: outputChannels)
        conv2 = Conv2d(inputChannels: outputChannels, outputChannels: outputChannels, kernelSize: 3, padding: 1, bias: false, generator: &generator)
        bn2 = BatchNorm2d(featureCount: outputChannels)
    }

    /// `relu(bn2(conv2(relu(bn1(conv1(x))))))`.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        bn2.withReLU(conv2(bn1.withReLU(conv1(input))))
    }
}

/// Squeeze-and-excitation: `s = sigmoid(fc2(relu(fc1(GAP(x)))))`, output `x · s` per channel.
/// `fc1`: C → C/r, `fc2`: C/r → C (with biases). `[N, C, H, W] → [N, C, H, W]`.
public final class SEBlock: Module, UnaryLayer {
    public let fc1: Linear
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

/// The U-Net encoder of FFP (Table 1 of METHOD.md): `inc` = DoubleConv(in → w), then `downs.i` = max-pool 2×2 +
/// DoubleConv doubling the width, three times. Returns the four feature maps `[x1, x2, x3, x4]` with widths
/// w, 2w, 4w, 8w at H, H/2, H/4, H/8.
public final class UNetEncoder: Module {
    public let inc: DoubleConv
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

/// The U-Net decoder of FFP (Table 2 of METHOD.md): for each level, `ups.i` = ConvTranspose2d(c → c/2, k 2, s 2),
/// concatenation `[skip, up]` on channels, `convs.i` = DoubleConv(c → c/2), for c = 8w, 4w, 2w; then `outc` =
/// 3×3 conv (w → out, bias) and tanh.
public final class UNetDecoder: Module {
    public let ups: [ConvTranspose2d]
    public let convs: [DoubleConv]
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

/// The FFP U-Net generator: `UNetEncoder` + `UNetDecoder` with skips. `[N, in, H, W] → [N, out, H, W]`,
/// H and W divisible by 8.
public final class UNet: Module, UnaryLayer {
    public let encoder: UNetEncoder
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
