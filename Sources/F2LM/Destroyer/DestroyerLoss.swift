import TensorCore

/// The Destroyer's loss over patches p of every sample:
/// `L = Σ_p diff_p · MSE_p(R, Z) + (1 − diff_p) · MSE_p(R, A)`, R the Destroyer's output, A the clean generator
/// prediction (what to keep), Z the destroying target (a black frame or the scene's background; absent for
/// Z_p = none, which leaves only the keep term). `reduction` says what `MSE_p` is:
/// - `.patchMean` (the authors' `getDestroyerLoss`): the mean over the patch's C × p × p values; the patch terms
///   are summed over patches and batch (so the loss grows with batch size and patch count);
/// - `.pixelSum` (this project's earlier choice): the sum over the patch's values, i.e. the authors' loss × C p².
public enum DestroyerLoss {
    /// How a patch's squared error is reduced.
    public enum Reduction: String, Sendable, Codable, Hashable, CaseIterable {
        /// Mean over the patch's C × p × p values, summed over patches and batch (the authors').
        case patchMean = "patch_mean"
        /// Sum over every value (the authors' loss times C · p²).
        case pixelSum = "pixel_sum"
    }

    /// Spreads per-sample, per-patch weights (`batch × rows × cols`, as `PatchDifficulty` returns them) over every
    /// pixel and channel of each patch: an NCHW buffer `batch × channels × height × width`.
    public static func pixelWeights(_ patchWeights: [Float], batch: Int, channels: Int, height: Int, width: Int,
                                    patchSize: Int) -> [Float] {
        let rows = height / patchSize, cols = width / patchSize
        precondition(patchWeights.count == batch * rows * cols, "DestroyerLoss.pixelWeights: expected \(batch * rows * cols) weights")
        var out = [Float](repeating: 0, count: batch * channels * height * width)
        for n in 0..<batch {
            for c in 0..<channels {
                for y in 0..<height {
                    let rowBase = ((n * channels + c) * height + y) * width
                    for x in 0..<width {
                        out[rowBase + x] = patchWeights[(n * rows + y / patchSize) * cols + x / patchSize]
                    }
                }
            }
        }
        return out
    }

    /// The loss, shape `[1]`: `s · (Σ W (Z − R)² + Σ (1 − W)(A − R)²)` with W the pixel weights (`pixelWeights`),
    /// s = 1 / (C p²) for `.patchMean` (the mean within each patch) and 1 for `.pixelSum`; all tensors
    /// `[N, C, H, W]`. Differentiable in `output`.
    public static func loss(output: Tensor, kept: Tensor, destroyed: Tensor?, weights: Tensor,
                            reduction: Reduction = .pixelSum, patchSize: Int = 1) -> Tensor {
        precondition(output.shape == kept.shape && weights.shape == output.shape, "DestroyerLoss: shape mismatch")
        precondition(patchSize >= 1, "DestroyerLoss: patch size must be ≥ 1")
        let scale: Float = reduction == .patchMean ? 1 / Float(output.shape[1] * patchSize * patchSize) : 1
        let keep = ((1 - weights) * (kept - output).square()).sum()
        guard let destroyed else { return keep * scale }
        precondition(destroyed.shape == output.shape, "DestroyerLoss: target shape mismatch")
        return ((weights * (destroyed - output).square()).sum() + keep) * scale
    }

    /// The mean squared difference of `a` and `b` (NCHW buffers) within each patch, over its C × p × p values, laid
    /// out `batch × rows × cols` like `PatchDifficulty.weights`.
    public static func patchMeanSquaredErrors(_ a: [Float], _ b: [Float], batch: Int, channels: Int, height: Int,
                                              width: Int, patchSize: Int) -> [Double] {
        precondition(a.count == batch * channels * height * width && b.count == a.count, "DestroyerLoss: size mismatch")
        let rows = height / patchSize, cols = width / patchSize
        var out = [Double](repeating: 0, count: batch * rows * cols)
        for n in 0..<batch {
            for c in 0..<channels {
                for y in 0..<height {
                    for x in 0..<width {
                        let i = ((n * channels + c) * height + y) * width + x
                        let d = Double(a[i]) - Double(b[i])
                        out[(n * rows + y / patchSize) * cols + x / patchSize] += d * d
                    }
                }
            }
        }
        let count = Double(channels * patchSize * patchSize)
        return out.map { $0 / count }
    }
}
