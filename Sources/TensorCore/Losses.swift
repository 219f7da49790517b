/// Loss functions of the F2LM generator and Destroyer, built from differentiable ops (or fused with their
/// own backward where that saves memory).
public enum Losses {
    /// Mean squared error over all elements: `mean((prediction − target)²)`, shape `[1]`.
    public static func meanSquaredError(_ prediction: Tensor, _ target: Tensor) -> Tensor {
        precondition(prediction.shape == target.shape, "meanSquaredError: shapes \(prediction.shape) and \(target.shape) differ")
        return (prediction - target).square().mean()
    }

    /// Mean squared error of each batch item: `[N, …] → [N]`, `mse[n] = mean over item n of (p − t)²`.
    public static func perSampleMeanSquaredError(_ prediction: Tensor, _ target: Tensor) -> Tensor {
        precondition(prediction.shape == target.shape, "perSampleMeanSquaredError: shapes \(prediction.shape) and \(target.shape) differ")
        return (prediction - target).square().meanPerSample()
    }

    /// Gradient-difference loss of FFP on NCHW images with the edge handling `edges`: `.zeroPad` (the authors')
    /// is `gradientDifferenceZeroPadded`, `.crop` is `croppedGradientDifference`. Shape `[1]`.
    public static func gradientDifference(_ prediction: Tensor, _ target: Tensor, edges: GradientEdges = .zeroPad) -> Tensor {
        switch edges {
        case .zeroPad: return gradientDifferenceZeroPadded(prediction, target)
        case .crop: return croppedGradientDifference(prediction, target)
        }
    }

    /// Gradient-difference loss of FFP on NCHW images, inner differences only:
    /// `mean |‖∂ₓa‖ − ‖∂ₓb‖| + mean |‖∂ᵧa‖ − ‖∂ᵧb‖|` with `∂ₓa = a[…, :, 1:] − a[…, :, :-1]` (absolute values),
    /// each mean over its `N·C·H·(W−1)` (resp. `N·C·(H−1)·W`) terms. Shape `[1]`; differentiable in both inputs.
    public static func croppedGradientDifference(_ prediction: Tensor, _ target: Tensor) -> Tensor {
        precondition(prediction.shape == target.shape, "gradientDifference: shapes \(prediction.shape) and \(target.shape) differ")
        let (n, c, h, w) = prediction.nchw
        precondition(h > 1 && w > 1, "gradientDifference: needs at least 2×2 images, got \(prediction.shape)")
        let a = prediction.storage.pointer, b = target.storage.pointer
        let countX = Float(n * c * h * (w - 1)), countY = Float(n * c * (h - 1) * w)
        var total: Double = 0
        for pl in 0..<(n * c) {
            let pa = a + pl * h * w, pb = b + pl * h * w
            var sx: Float = 0, sy: Float = 0
            for i in 0..<h {
                for j in 0..<(w - 1) {
                    sx += Swift.abs(Swift.abs(pa[i * w + j + 1] - pa[i * w + j]) - Swift.abs(pb[i * w + j + 1] - pb[i * w + j]))
                }
                if i + 1 < h {
                    for j in 0..<w {
                        sy += Swift.abs(Swift.abs(pa[(i + 1) * w + j] - pa[i * w + j]) - Swift.abs(pb[(i + 1) * w + j] - pb[i * w + j]))
                    }
                }
            }
            total += Double(sx) / Double(countX) + Double(sy) / Double(countY)
        }
        return Tensor.result(shape: [1], storage: Tensor(Float(total)).storage, parents: [prediction, target]) { g in
            let scale = g.item
            let ga = Tensor.zeros(prediction.shape), gb = Tensor.zeros(target.shape)
            let da = ga.storage.pointer, db = gb.storage.pointer
            func sign(_ v: Float) -> Float { v > 0 ? 1 : (v < 0 ? -1 : 0) }
            // term = |u| with u = |a₁ − a₀| − |b₁ − b₀|: ∂/∂a₁ = sign(u)·sign(a₁ − a₀), ∂/∂b₁ = −sign(u)·sign(b₁ − b₀).
            func visit(_ i0: Int, _ i1: Int, _ weight: Float) {
                let ea = a[i1] - a[i0], eb = b[i1] - b[i0]
                let su = sign(Swift.abs(ea) - Swift.abs(eb)) * weight
                let fa = su * sign(ea), fb = -su * sign(eb)
                da[i1] += fa; da[i0] -= fa
                db[i1] += fb; db[i0] -= fb
            }
            let wx = scale / countX, wy = scale / countY
            for pl in 0..<(n * c) {
                let base = pl * h * w
                for i in 0..<h {
                    for j in 0..<(w - 1) { visit(base + i * w + j, base + i * w + j + 1, wx) }
                    if i + 1 < h { for j in 0..<w { visit(base + i * w + j, base + (i + 1) * w + j, wy) } }
                }
            }
            prediction.accumulateGradient(ga)
            target.accumulateGradient(gb)
        }
    }

    /// The L2 distance over channels at each position: `d[n,0,i,j] = √(Σ_c (a − b)² + ε)`, `[N, C, H, W] → [N, 1, H, W]`
    /// (ε = 1e-12 keeps the gradient finite where a = b).
    public static func channelDistance(_ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(a.shape == b.shape, "channelDistance: shapes \(a.shape) and \(b.shape) differ")
        return ((a - b).square().sumOverChannels() + 1e-12).sqrt()
    }

    /// The feature distance of a triplet term under `axis` (see `TripletDistanceAxis`): `[N, C, H, W]` →
    /// `[N, C, H, 1]` (width, the authors') or `[N, 1, H, W]` (channels).
    public static func tripletDistance(_ a: Tensor, _ b: Tensor, axis: TripletDistanceAxis) -> Tensor {
        switch axis {
        case .width: return Tensor.widthDistance(a, b, epsilon: 1e-6)
        case .channels: return channelDistance(a, b)
        }
    }

    /// The triplet hinge of every distance entry: `max(d(anchor, positive) − d(anchor, negative) + margin, 0)`,
    /// `[N, C, H, 1]` for `.width`, `[N, 1, H, W]` for `.channels`.
    public static func tripletHinge(anchor: Tensor, positive: Tensor, negative: Tensor, margin: Float,
                                    axis: TripletDistanceAxis = .width) -> Tensor {
        (tripletDistance(anchor, positive, axis: axis) - tripletDistance(anchor, negative, axis: axis) + margin).relu()
    }

    /// Triplet loss on feature maps: the hinge averaged over all its entries (N·C·H for `.width`, as the authors'
    /// `Triplet_loss`; N·H·W for `.channels`), shape `[1]`.
    public static func triplet(anchor: Tensor, positive: Tensor, negative: Tensor, margin: Float,
                               axis: TripletDistanceAxis = .width) -> Tensor {
        tripletHinge(anchor: anchor, positive: positive, negative: negative, margin: margin, axis: axis).mean()
    }

    /// Triplet loss of each batch item (the hinge averaged over that item's entries), shape `[N]`: the authors'
    /// per-frame `SIM_LOSS` at test time (batch 1) for `.width`.
    public static func perSampleTriplet(anchor: Tensor, positive: Tensor, negative: Tensor, margin: Float,
                                        axis: TripletDistanceAxis = .width) -> Tensor {
        tripletHinge(anchor: anchor, positive: positive, negative: negative, margin: margin, axis: axis).meanPerSample()
    }

    /// Least-squares GAN discriminator loss: `mean(½ (D(real) − 1)²) + mean(½ D(fake)²)`, shape `[1]`.
    public static func leastSquaresDiscriminator(real: Tensor, fake: Tensor) -> Tensor {
        (real - 1).square().mean() * 0.5 + fake.square().mean() * 0.5
    }

    /// Least-squares GAN generator loss: `mean(½ (D(fake) − 1)²)`, shape `[1]`.
    public static func leastSquaresGenerator(fake: Tensor) -> Tensor {
        (fake - 1).square().mean() * 0.5
    }
}
